/**
 * Sockets on the loop: {@link io.rusticated.net.TcpListener}, {@link io.rusticated.net.TcpStream},
 * {@link io.rusticated.net.UdpSocket}, and their Unix-domain counterparts over
 * {@link io.rusticated.net.UnixAddress}. Reads and writes lend the caller's
 * {@link io.rusticated.io.Buffer} as files do; what never blocks (bind, listen, options,
 * addresses, shutdown) is a plain call on the calling thread; errors are the JDK's
 * ({@link java.net.ConnectException}, {@link java.net.BindException},
 * {@link java.net.SocketException} "Connection reset", ...). Closing a socket cancels what is in
 * flight on it first ({@link java.nio.channels.AsynchronousCloseException}), then closes it.
 */
package io.rusticated.net;
