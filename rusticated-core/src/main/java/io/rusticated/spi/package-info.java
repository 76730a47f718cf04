/**
 * The service-provider interface an OS module implements, kept out of the application API:
 * the event-loop {@link io.rusticated.spi.Driver} and what a loop offers it
 * ({@link io.rusticated.spi.DriverContext}), the {@link io.rusticated.spi.Request} a driver sees
 * of each operation, the OS-neutral error model ({@link io.rusticated.spi.OsError},
 * {@link io.rusticated.spi.ErrorKind}, one {@link io.rusticated.spi.ErrorTable} per OS, and
 * {@link io.rusticated.spi.OsErrorException} for callers that translate errors themselves), the
 * process and terminal primitives behind {@code io.rusticated.process} and {@code io.rusticated.tty},
 * what the JDK plug-ins must know of the OS's own JDK provider ({@link io.rusticated.spi.PlatformFiles}),
 * and the system calls they make on the calling thread for a synchronous JDK call
 * ({@link io.rusticated.spi.DirectCalls}).
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}; core never names an OS. This
 * package depends only on {@code io.rusticated.io} and {@code io.rusticated.path}, so the loop
 * ({@code io.rusticated.rt}) and the API packages sit above it without a cycle. Not for
 * applications: it changes whenever a backend needs it to.
 */
package io.rusticated.spi;
