/**
 * The JDK plug-ins that make rusticated a <em>target</em>: a program that imports only
 * {@code java.*} runs on rusticated unchanged, through the JDK's start-up properties.
 *
 * <pre>
 * java --enable-native-access=io.rusticated.linux          (ALL-UNNAMED on the class path)
 *      -Djava.nio.file.spi.DefaultFileSystemProvider=io.rusticated.jdk.RusticatedFileSystemProvider
 *      -Djava.system.class.loader=io.rusticated.jdk.RusticatedSystemClassLoader
 *      -Djava.nio.channels.spi.AsynchronousChannelProvider=io.rusticated.jdk.RusticatedAsynchronousChannelProvider
 *      --add-exports java.base/sun.nio.ch=io.rusticated                (ALL-UNNAMED on the class path)
 *      -Xlog:cds=error
 *      [-Drusticated.trace=/tmp/trace.log]
 *      -jar app.jar
 * </pre>
 *
 * <ul>
 * <li>{@link io.rusticated.jdk.RusticatedFileSystemProvider}: {@code Path}, {@code Files},
 *     {@code FileChannel}, {@code AsynchronousFileChannel} served by rusticated (its javadoc lists
 *     what is served and what the JDK keeps);</li>
 * <li>{@link io.rusticated.jdk.RusticatedSystemClassLoader}: {@code System.in/out/err} (and so
 *     {@code java.lang.IO}) as rusticated's reads and writes of descriptors 0, 1 and 2;</li>
 * <li>{@link io.rusticated.jdk.RusticatedAsynchronousChannelProvider}: {@code AsynchronousSocketChannel},
 *     {@code AsynchronousServerSocketChannel} and their groups as loop operations (its javadoc
 *     says how groups map to loops and threads).</li>
 * </ul>
 *
 * <p>A synchronous call (the console's reads and writes, {@code Files.*}, a {@code FileChannel}'s
 * calls) is served on the calling thread, its system calls made there through the OS module's
 * {@link io.rusticated.spi.DirectCalls}, as the JDK makes them. What does not wait (an
 * {@code AsynchronousFileChannel}'s reads and writes, the asynchronous socket channels) or may wait
 * for ever and must be cancelled by a close (a pipe's or device's sequential reads and writes)
 * runs on rusticated's {@link io.rusticated.rt.EventLoop#shared() shared loop} (a fixed-pool
 * channel group has loops of its own), started by the first call that needs it; nothing waits on
 * it from its own thread: a call made there goes to the JDK. If no loop can start, the
 * asynchronous channel goes to the JDK (logged once at DEBUG on logger {@code io.rusticated.jdk}).
 * What the file system provider hands to the JDK, and why, it counts
 * ({@link io.rusticated.jdk.ProviderCounters}) and names in the trace; what is OS-specific in it
 * comes from the OS module ({@link io.rusticated.spi.PlatformFiles}, {@link io.rusticated.spi.DirectCalls}).
 *
 * <p>{@code -Xlog:cds=error}: with a class-data-sharing archive in use, HotSpot prints on
 * <em>standard output</em> "[warning][cds] Archived non-system classes are disabled because the
 * java.system.class.loader property is specified" whenever that property is set (JDK 25); the
 * option silences that one tag. Nothing else warns: the JDK has no warning for either property.
 *
 * <p>Outside these plug-ins' reach: {@code java.io.File}, {@code FileInputStream},
 * {@code FileOutputStream} and {@code RandomAccessFile} call the OS directly, and
 * {@code System.console()} writes to the terminal itself.
 */
package io.rusticated.jdk;
