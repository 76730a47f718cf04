package io.rusticated.spi;

/**
 * A child just started.
 *
 * @param pid           its process id
 * @param processHandle what a {@link Opcode#WAIT_CHILD} waits on (a pidfd on Linux, the pid itself
 *                      on macOS, a process HANDLE on Windows); released by {@link ProcessSupport#release}
 */
public record SpawnedProcess(long pid, long processHandle) {
}
