package jdkprograms;

import java.nio.file.FileSystems;

/** Prints which classes serve the default file system, the asynchronous channels and the console, so a test can tell which runtime ran it. */
public final class WhoServes {
    public static void main(String[] args) {
        System.out.println("provider " + FileSystems.getDefault().provider().getClass().getName());
        System.out.println("path " + FileSystems.getDefault().getPath("x").getClass().getName());
        System.out.println("system class loader " + ClassLoader.getSystemClassLoader().getClass().getName());
        System.out.println("asynchronous channel provider " + java.nio.channels.spi.AsynchronousChannelProvider.provider().getClass().getName());
        System.out.println("stdin " + System.in.getClass().getName());
        System.out.println("stdout " + System.out.getClass().getName());
        System.out.println("stderr " + System.err.getClass().getName());
    }
}
