/**
 * What an OS module provides besides its event-loop driver: spawning and reaping processes, and
 * terminal control. Each interface is found with {@link java.util.ServiceLoader}; the public API
 * in {@code io.rusticated.process} and {@code io.rusticated.tty} calls it and never names an OS.
 * Not for applications.
 */
package io.rusticated.spi;
