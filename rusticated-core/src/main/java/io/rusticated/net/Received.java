package io.rusticated.net;

import java.net.SocketAddress;

/**
 * One datagram received.
 *
 * @param length    the bytes placed in the buffer
 * @param from      the sender (an {@link java.net.InetSocketAddress} or a {@link UnixAddress})
 * @param truncated the datagram was longer than the buffer's spare capacity: the rest was discarded
 */
public record Received(int length, SocketAddress from, boolean truncated) {
}
