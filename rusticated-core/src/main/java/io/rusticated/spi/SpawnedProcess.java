package io.rusticated.spi;

/**
 * A child just started.
 *
 * @param pid        its process id
 * @param waitHandle what the loop polls to learn that it terminated (a pidfd on Linux); it
 *                   becomes readable when the child exits
 */
public record SpawnedProcess(long pid, long waitHandle) {
}
