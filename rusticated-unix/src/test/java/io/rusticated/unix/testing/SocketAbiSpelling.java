package io.rusticated.unix.testing;

import io.rusticated.unix.net.SocketAbi;

import java.lang.foreign.StructLayout;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The C spelling of each component of a {@link SocketAbi}, for the OS modules' layout probes: each
 * number is compared with a C expression and each layout with the C struct it stands for, by
 * component, so a constant handed to the wrong component fails the probe even where the constant
 * itself is right. The spellings every Unix shares are here; each probe adds those its OS spells
 * its own way ({@link #OS_SPECIFIC}). A component with no spelling is a problem the probe reports.
 */
public final class SocketAbiSpelling {
    /** What no header states: a name, and facts the tests of the behaviour check. */
    private static final Set<String> NOT_IN_HEADERS = Set.of("os", "abstractUnixNames", "bufferSizesReadDoubled");

    /** The components each OS spells its own way (or has no such value: "0"). */
    public static final Set<String> OS_SPECIFIC = Set.of("msgNosignal", "soNosigpipe", "soLingerSeconds", "acceptFlags");

    private static final Map<String, String> SHARED = Map.ofEntries(
            Map.entry("afInet", "AF_INET"), Map.entry("afInet6", "AF_INET6"), Map.entry("afUnix", "AF_UNIX"), Map.entry("afUnspec", "AF_UNSPEC"),
            Map.entry("sockStream", "SOCK_STREAM"), Map.entry("sockDgram", "SOCK_DGRAM"),
            Map.entry("sockaddrStorageSize", "sizeof(struct sockaddr_storage)"),
            Map.entry("msgDontwait", "MSG_DONTWAIT"), Map.entry("msgTrunc", "MSG_TRUNC"),
            Map.entry("solSocket", "SOL_SOCKET"), Map.entry("soError", "SO_ERROR"), Map.entry("soType", "SO_TYPE"),
            Map.entry("soReuseaddr", "SO_REUSEADDR"), Map.entry("soReuseport", "SO_REUSEPORT"), Map.entry("soKeepalive", "SO_KEEPALIVE"),
            Map.entry("soBroadcast", "SO_BROADCAST"), Map.entry("soSndbuf", "SO_SNDBUF"), Map.entry("soRcvbuf", "SO_RCVBUF"),
            Map.entry("ipprotoIp", "IPPROTO_IP"), Map.entry("ipprotoIpv6", "IPPROTO_IPV6"), Map.entry("ipprotoTcp", "IPPROTO_TCP"),
            Map.entry("ipTos", "IP_TOS"), Map.entry("ipv6V6only", "IPV6_V6ONLY"), Map.entry("ipv6Tclass", "IPV6_TCLASS"),
            Map.entry("tcpNodelay", "TCP_NODELAY"),
            Map.entry("shutRd", "SHUT_RD"), Map.entry("shutWr", "SHUT_WR"), Map.entry("shutRdwr", "SHUT_RDWR"),
            Map.entry("oNonblock", "O_NONBLOCK"), Map.entry("fGetfl", "F_GETFL"), Map.entry("fSetfl", "F_SETFL"),
            Map.entry("fSetfd", "F_SETFD"), Map.entry("fdCloexec", "FD_CLOEXEC"));

    private static final Map<String, String> STRUCTS = Map.of(
            "sockaddrIn", "sockaddr_in", "sockaddrIn6", "sockaddr_in6", "sockaddrUn", "sockaddr_un",
            "msghdr", "msghdr", "iovec", "iovec", "linger", "linger");

    /** A number: the component, its value, its Java type's width, and the C expression it must equal. */
    public record Value(String component, long value, int bits, String cExpr) {
    }

    /** A layout: the component, its layout named as the C struct it must match. */
    public record Layout(String component, StructLayout layout) {
    }

    /** What to probe, and what cannot be (a component with no spelling, a spelling with no component). */
    public record Probe(List<Value> values, List<Layout> layouts, List<String> problems) {
    }

    private SocketAbiSpelling() {
    }

    /** The probe of {@code abi}, with {@code osSpellings} for the {@link #OS_SPECIFIC} components. */
    public static Probe of(SocketAbi abi, Map<String, String> osSpellings) {
        List<Value> values = new ArrayList<>();
        List<Layout> layouts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!osSpellings.keySet().equals(OS_SPECIFIC)) {
            problems.add("SocketAbi: the OS spellings must name exactly " + OS_SPECIFIC + ", not " + osSpellings.keySet());
        }
        Map<String, String> spellings = new LinkedHashMap<>(SHARED);
        spellings.putAll(osSpellings);
        Set<String> used = new HashSet<>();
        for (RecordComponent component : SocketAbi.class.getRecordComponents()) {
            String name = component.getName();
            Object value = read(component, abi);
            if (NOT_IN_HEADERS.contains(name)) {
                continue;
            }
            if (value instanceof StructLayout layout && STRUCTS.containsKey(name)) {
                used.add(name);
                layouts.add(new Layout(name, layout.withName(STRUCTS.get(name))));
            } else if ((value instanceof Integer || value instanceof Long) && spellings.containsKey(name)) {
                used.add(name);
                values.add(new Value(name, ((Number) value).longValue(), value instanceof Integer ? 32 : 64, spellings.get(name)));
            } else {
                problems.add("SocketAbi." + name + " = " + value + ": no C spelling (add it to SocketAbiSpelling or the probe's OS spellings)");
            }
        }
        for (String name : union(spellings.keySet(), STRUCTS.keySet())) {
            if (!used.contains(name)) {
                problems.add("SocketAbiSpelling: " + name + " is no number or layout component of SocketAbi");
            }
        }
        return new Probe(values, layouts, problems);
    }

    private static Object read(RecordComponent component, SocketAbi abi) {
        try {
            return component.getAccessor().invoke(abi);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
