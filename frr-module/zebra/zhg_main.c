// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard zebra module: load arguments, start-up and shut-down.
 *
 *   zebra -M zebra_hostguard:key=value,key=value
 */
#include "lib/zebra.h"

#include "lib/libfrr.h"
#include "lib/module.h"
#include "lib/version.h"

#include "common/hg_module.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"
#include "zhg_keepalive.h"
#include "zhg_links.h"
#include "zhg_netlink.h"
#include "zhg_offenders.h"
#include "zhg_probe.h"
#include "zhg_snoop.h"
#include "zhg_bindings.h"
#include "zhg_dhcp.h"
#include "zhg_targets.h"

DEFINE_MGROUP(HOSTGUARD, "hostguard");
DEFINE_MTYPE(HOSTGUARD, HG_HOST, "hostguard host");

/* How often zebra's set of L2VNIs is compared with the last one seen. */
#define ZHG_VNI_WATCH_MS 2000
/* ... and this long after a bridge or vxlan device changed (zebra reads
 * the same event on its own socket).
 */
#define ZHG_VNI_SETTLE_MS 300

struct zhg_config zhg_cfg = {
	.keepalive = true,
	.probe_window = 5,
	.probe_retries = 2,
	.early_idle = 0,
	.probe_rate = 500,
	.mac_only_hold = 0,
	.learn_targets = true,
	.gateway_guard = true,
	.anycast_mac = { .is_auto = true },
	.snoop = false,
	.snoop_arp = true,
	.snoop_nd = true,
	.snoop_rate = 2000,
	.snoop_port_rate = 100,
	.max_bindings = 4096,
	.snoop_dhcp = true,
	.max_bindings_per_mac = 8,
	.max_bindings_per_port = 32,
};

#define CFG(f) offsetof(struct zhg_config, f)
const struct hg_arg_spec zhg_arg_specs[] = {
	{ "keepalive", HG_ARG_BOOL, CFG(keepalive), 0, 0, false, NULL,
	  "keep type-2 routes of silent hosts that answer probes" },
	{ "probe-window", HG_ARG_UINT, CFG(probe_window), 1, 60, false, "s",
	  "probing starts this long before age-out" },
	{ "probe-retries", HG_ARG_UINT, CFG(probe_retries), 0, 10, true, NULL,
	  "extra probes before a host is declared dead" },
	{ "early-idle", HG_ARG_UINT, CFG(early_idle), 5, 86400, true, "s",
	  "probe after this idle time and remove dead hosts at once" },
	{ "probe-rate", HG_ARG_UINT, CFG(probe_rate), 1, 100000, false, "probes/s",
	  "global probe rate limit" },
	{ "mac-only-hold", HG_ARG_UINT, CFG(mac_only_hold), 1, 86400, true, "s",
	  "hold MACs with no known IP this long past age-out" },
	{ "learn-targets", HG_ARG_BOOL, CFG(learn_targets), 0, 0, false, NULL,
	  "probe targets from the addresses hosts claim in their own ARP/ND frames" },
	{ "probe-source", HG_ARG_IP4_SET, CFG(probe_source), 0, 0, false, NULL,
	  "IPv4 sender of probes on VNets without a gateway address, IP@VNI" },
	{ "exclude-vni", HG_ARG_UINT_SET, CFG(exclude_vni), 1, 16777215, false, NULL,
	  "VNIs left to stock behaviour" },
	{ "gateway-guard", HG_ARG_BOOL, CFG(gateway_guard), 0, 0, false, NULL,
	  "keep remote routes off the local anycast gateway MACs and IPs" },
	{ "anycast-mac", HG_ARG_MAC_SET, CFG(anycast_mac), 0, 0, false, NULL,
	  "anycast gateway MACs, MAC or MAC@VNI; auto: the SVI's and its VRR devices' MACs" },
	{ "snoop", HG_ARG_BOOL, CFG(snoop), 0, 0, false, NULL,
	  "learn MAC/IP bindings from ARP and ND on local bridge ports" },
	{ "snoop-arp", HG_ARG_BOOL, CFG(snoop_arp), 0, 0, false, NULL,
	  "learn IPv4 bindings from ARP" },
	{ "snoop-nd", HG_ARG_BOOL, CFG(snoop_nd), 0, 0, false, NULL,
	  "learn IPv6 bindings from neighbour solicitations/advertisements" },
	{ "snoop-rate", HG_ARG_UINT, CFG(snoop_rate), 1, 1000000, false, "frames/s",
	  "snooped frames examined per second, whole module" },
	{ "snoop-port-rate", HG_ARG_UINT, CFG(snoop_port_rate), 1, 100000, false, "frames/s",
	  "snooped frames examined per second and port" },
	{ "max-bindings", HG_ARG_UINT, CFG(max_bindings), 1, 1000000, false, NULL,
	  "snooped bindings per VNI" },
	{ "max-bindings-per-mac", HG_ARG_UINT, CFG(max_bindings_per_mac), 1, 4096, false, NULL,
	  "snooped bindings per MAC, IPv4 and IPv6 each" },
	{ "max-bindings-per-port", HG_ARG_UINT, CFG(max_bindings_per_port), 1, 1000000, true, NULL,
	  "snooped bindings per port, IPv4 and IPv6 each (0: no limit)" },
	{ "snoop-exclude-vni", HG_ARG_UINT_SET, CFG(snoop_exclude_vni), 1, 16777215, false, NULL,
	  "VNIs where no bindings are snooped" },
	{ "snoop-dhcp", HG_ARG_BOOL, CFG(snoop_dhcp), 0, 0, false, NULL,
	  "learn bindings from DHCPv4 ACKs and DHCPv6 Replies (with snoop=on)" },
	{ "dhcp-trusted-port", HG_ARG_NAME_SET, CFG(dhcp_trusted_port), 0, 0, false, NULL,
	  "bridge ports DHCP servers may answer from (the bridge itself always)" },
};
const size_t zhg_arg_specs_count = array_size(zhg_arg_specs);

struct zhg_counters zhg_stats;
bool zhg_debug;
hg_loop_t *zhg_master;

static hg_event_t *vni_watch;
static uint32_t vni_signature;

int64_t zhg_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t zhg_now_ms(void)
{
	return zhg_now_us() / 1000;
}

/*
 * zebra learns its VNIs after start-up (from the configuration and from
 * bgpd): when the set changes, read the kernel's FDB again so that hosts
 * of new VNIs are tracked and those of removed ones dropped.
 */
static void vni_watch_run(hg_event_t *ev)
{
	uint32_t sig = zhg_evpn_signature();

	if (sig != vni_signature) {
		vni_signature = sig;
		ZHG_DEBUG("EVPN VNIs changed, re-reading the FDB");
		zhg_nl_resync();
		zhg_snoop_ports_changed();
		zhg_gw_changed();
	}
	hg_timer_msec(zhg_master, vni_watch_run, NULL, ZHG_VNI_WATCH_MS, &vni_watch);
}

static int vni_link_changed(const struct zhg_link *old, const struct zhg_link *now)
{
	const struct zhg_link *l = now ? now : old;

	if ((l->kind == ZHG_LINK_VXLAN || l->kind == ZHG_LINK_BRIDGE) && !l->brport &&
	    (!vni_watch || hg_timer_remain_msec(vni_watch) > ZHG_VNI_SETTLE_MS)) {
		hg_event_cancel(&vni_watch);
		hg_timer_msec(zhg_master, vni_watch_run, NULL, ZHG_VNI_SETTLE_MS, &vni_watch);
	}
	return 0;
}

static int zhg_late_init(hg_loop_t *master)
{
	zhg_master = master;
	zhg_vty_init();
	zhg_links_init();
	zhg_offenders_init();
	zhg_ka_init();
	zhg_gw_init();
	zhg_bindings_init();
	zhg_targets_init();
	if (zhg_probe_init() || zhg_nl_init()) {
		zlog_err("hostguard: keepalive disabled, kernel sockets unavailable");
		return 0;
	}
	zhg_dhcp_init();
	zhg_snoop_setup();
	hook_register(zhg_links_changed, vni_link_changed);
	hg_timer_msec(zhg_master, vni_watch_run, NULL, ZHG_VNI_WATCH_MS, &vni_watch);
	zlog_notice("hostguard %s loaded (built for FRR %s)", HG_VERSION, FRR_VER_SHORT);
	return 0;
}

static int zhg_fini(void)
{
	hook_unregister(zhg_links_changed, vni_link_changed);
	hg_event_cancel(&vni_watch);
	zhg_gw_fini();
	zhg_snoop_fini();
	zhg_dhcp_fini();
	zhg_bindings_fini();
	zhg_offenders_fini();
	zhg_nl_fini();
	zhg_probe_fini();
	zhg_ka_fini();
	zhg_links_fini();
	return 0;
}

static int zhg_module_init(void)
{
	hg_module_configure("zebra_hostguard", "zebra", zhg_arg_specs, zhg_arg_specs_count,
			    &zhg_cfg, sizeof(zhg_cfg), THIS_MODULE->load_args);
	hook_register(frr_late_init, zhg_late_init);
	hook_register(frr_fini, zhg_fini);
	return 0;
}

FRR_MODULE_SETUP(.name = "zebra_hostguard", .version = HG_VERSION,
		 .description = "hostguard: EVPN keepalive for silent hosts",
		 .init = zhg_module_init);
