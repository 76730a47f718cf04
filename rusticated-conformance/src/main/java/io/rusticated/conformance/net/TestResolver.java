package io.rusticated.conformance.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The kit's name resolver (the JDK's {@link InetAddressResolverProvider} hook, installed for every
 * JVM that runs the kit): names a case {@linkplain #answer registered} resolve to its addresses,
 * after its gate opens; every other name goes to the JDK's built-in resolver unchanged. So a case
 * can hold a lookup in progress, or give a name several loopback addresses, without a network or
 * an edit of {@code /etc/hosts}. Names are the case's own and used once (the JDK caches answers).
 */
public final class TestResolver extends InetAddressResolverProvider {
    private static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();

    /** A registered name: its addresses, and the gate a lookup waits at (entered counts it in). */
    public record Answer(List<InetAddress> addresses, CountDownLatch entered, CountDownLatch gate) {
    }

    /** Registers {@code name}; a lookup of it counts down {@code entered}, then waits for {@code gate}. */
    public static Answer answer(String name, List<InetAddress> addresses, boolean held) {
        Answer a = new Answer(List.copyOf(addresses), new CountDownLatch(1), new CountDownLatch(held ? 1 : 0));
        ANSWERS.put(name, a);
        return a;
    }

    /** Whether this resolver is the JDK's (a resolver provider found before it would win). */
    public static boolean installed() {
        String name = "installed-" + System.nanoTime() + ".rusticated-kit.invalid";
        answer(name, List.of(InetAddress.getLoopbackAddress()), false);
        try {
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                Answer a = ANSWERS.get(host);
                if (a == null) {
                    return builtin.lookupByName(host, policy);
                }
                a.entered.countDown();
                try {
                    a.gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnknownHostException(host + ": lookup interrupted");
                }
                return a.addresses.stream();
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "rusticated conformance kit resolver";
    }
}
