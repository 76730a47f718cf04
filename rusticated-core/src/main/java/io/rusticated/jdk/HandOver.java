package io.rusticated.jdk;

/**
 * Why {@link RusticatedFileSystemProvider} handed a call to the JDK's own provider. Each reason
 * is decided before rusticated changes anything, so the JDK does the whole call, once: from the
 * arguments, from where the call is made, or (for {@link #FILE_KIND}) from the attributes of the
 * file to copy. The one exception is {@link #CROSS_DEVICE}, where the JDK finishes a move whose
 * rename could not.
 */
public enum HandOver {
    /**
     * The JVM is still building its system class loader: rusticated starts nothing then (starting
     * the loop would break the JDK's logging for good).
     */
    BOOTING,
    /**
     * No module on the path serves this OS: there is no {@link io.rusticated.spi.PlatformFiles} or no
     * {@link io.rusticated.spi.DirectCalls} for it.
     */
    NO_OS_MODULE,
    /**
     * An asynchronous channel, which needs the loop, where no loop could start (no backend opens:
     * io_uring and epoll refused, {@code -Drusticated.backend} naming none), or the shared loop is
     * closed. Synchronous calls need no loop.
     */
    NO_BACKEND,
    /** An asynchronous channel while the loop is still starting after {@code rusticated.jdk.startWaitMillis}, or the caller was interrupted while it waited. */
    STARTING,
    /** An asynchronous channel opened on the loop thread or another of rusticated's threads, where waiting for the loop to start would wait for ever. */
    LOOP_THREAD,
    /**
     * Arguments the JDK rejects with its own exception (READ for an output stream, WRITE or APPEND
     * for an input stream, a null access mode or link option): the JDK throws it.
     */
    ARGUMENTS,
    /**
     * Open, copy or move options rusticated does not express as the JDK does (SYNC, DSYNC,
     * DELETE_ON_CLOSE, SPARSE, NOFOLLOW_LINKS when opening, direct I/O, COPY_ATTRIBUTES,
     * INTERRUPTIBLE, null, other kinds of option), and the combinations the JDK refuses.
     */
    OPTIONS,
    /**
     * Initial attributes other than permissions, or any on a link; attribute types or views
     * rusticated does not read ({@code unix:}, {@code owner:}, {@code user:}, unknown names).
     */
    ATTRIBUTES,
    /**
     * A path whose bytes only the JDK's path knows ({@link io.rusticated.spi.PlatformFiles#faithful}),
     * or that rusticated cannot pass (an empty link target).
     */
    PATH,
    /**
     * A copy of a symbolic link (NOFOLLOW_LINKS), device, FIFO or socket, which the JDK reads as a
     * link or opens as it is: decided from the source's attributes, before anything changes.
     */
    FILE_KIND,
    /**
     * A move whose rename failed with EXDEV (or EISDIR): the JDK's move then copies across file
     * systems, owner, times and extended attributes included, which rusticated cannot. rusticated
     * has made its checks and, with REPLACE_EXISTING, removed the target; the JDK's move repeats
     * the checks, finds no target, fails the same rename, and copies. Counted as handed over, not served.
     */
    CROSS_DEVICE,
    /**
     * A call rusticated never serves: attribute views and setAttribute, readSymbolicLink,
     * isSameFile, isHidden, getFileStore, newFileSystem.
     */
    NOT_SERVED
}
