package io.rusticated.linux.jdk;

import java.io.BufferedReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A plain JDK program for {@link ConsoleStreamsTest}, run in a child JVM: it uses only java.*,
 * as a program on the rusticated target does. What it does depends on its first argument.
 */
public final class ConsoleChild {
    private ConsoleChild() {
    }

    // java.lang.IO is JDK 25; the tests compile for 22, so it is reached by lookup.
    private static final MethodHandle READLN_PROMPT;
    private static final MethodHandle READLN;
    private static final MethodHandle PRINTLN;
    static {
        try {
            Class<?> io = Class.forName("java.lang.IO");
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            READLN_PROMPT = l.findStatic(io, "readln", MethodType.methodType(String.class, String.class));
            READLN = l.findStatic(io, "readln", MethodType.methodType(String.class));
            PRINTLN = l.findStatic(io, "println", MethodType.methodType(void.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static void main(String[] args) throws Throwable {
        switch (args[0]) {
            case "interleave" -> {
                System.out.println("streams " + System.out.getClass().getName() + " " + System.in.getClass().getName());
                for (int i = 0; i < 5; i++) {
                    System.out.println("out " + i);
                    System.err.println("err " + i);
                }
                System.getLogger("child").log(System.Logger.Level.DEBUG, "logging still works after the class loader ran");
            }
            case "echo" -> {
                String first = (String) READLN_PROMPT.invoke("name? ");
                PRINTLN.invoke((Object) ("hello " + first));
                String line;
                while ((line = (String) READLN.invoke()) != null) {
                    System.out.println("line " + line);
                }
                System.err.println("eof");
            }
            case "bulk" -> {
                byte[] row = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n".getBytes();
                for (int i = 0; i < 16 * 1024; i++) {
                    System.out.write(row);
                }
                System.out.flush();
            }
            case "exit" -> {
                System.out.print("printed ");
                System.out.write('x'); // stays in the 128-byte buffer: only a flush at exit shows it
                System.exit(3);
            }
            case "reader" -> {
                BufferedReader r = new BufferedReader(new InputStreamReader(System.in, Charset.forName(System.getProperty("stdin.encoding"))));
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n += line.length();
                }
                System.out.println("read " + n);
            }
            case "files" -> {
                Path d = Files.createTempDirectory("child");
                Path f = Files.writeString(d.resolve("a.txt"), "content");
                System.out.println(Files.readString(f) + " " + Files.size(f) + " " + Files.isRegularFile(f));
                try (Stream<Path> s = Files.list(d)) {
                    System.out.println(s.map(p -> p.getFileName().toString()).toList());
                }
                try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(f)) {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    System.out.println(ch.read(b, 6).get() + " " + (char) b.get(0));
                }
                Files.move(f, d.resolve("b.txt"));
                Files.delete(d.resolve("b.txt"));
                Files.delete(d);
                System.out.println(FileSystems.getDefault().provider().getClass().getSimpleName() + " " + Files.exists(d));
            }
            case "classloader" -> {
                System.out.println(ClassLoader.getSystemClassLoader().getClass().getName());
                System.out.println(ConsoleChild.class.getClassLoader().getName());
                System.out.println(Thread.currentThread().getContextClassLoader().getClass().getName());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
