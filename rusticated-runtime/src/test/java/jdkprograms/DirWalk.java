package jdkprograms;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Builds a tree, walks it every way java.nio.file offers, and removes it. Argument: an empty work directory. */
public final class DirWalk {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path root = dir.resolve("tree");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.createDirectories(root.resolve("a/empty"));
        Files.createDirectory(root.resolve("d"));
        for (int i = 0; i < 40; i++) {
            Files.write(root.resolve("d/file" + i + ".txt"), Report.pattern(i * 37, i));
        }
        Files.writeString(root.resolve("a/one.txt"), "1");
        Files.writeString(root.resolve("a/b/two.dat"), "22");
        Files.writeString(root.resolve("a/b/c/three.txt"), "333");
        Files.writeString(root.resolve(".hidden"), "h");
        Files.createSymbolicLink(root.resolve("link-to-one"), Path.of("a/one.txt"));
        Files.createSymbolicLink(root.resolve("link-to-a"), Path.of("a"));

        System.out.println("-- walk");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                System.out.println(Report.rel(dir, p) + " " + kind(p) + (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? " " + Files.size(p) : ""));
            }
        }
        System.out.println("-- walk depth 1");
        try (Stream<Path> s = Files.walk(root, 1)) {
            s.sorted().forEach(p -> System.out.println(Report.rel(dir, p)));
        }
        System.out.println("-- walkFileTree following links");
        List<String> events = new ArrayList<>();
        Files.walkFileTree(root, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                events.add("pre " + Report.rel(dir, d));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                events.add("file " + Report.rel(dir, f) + " " + attrs.size() + " regular=" + attrs.isRegularFile());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                events.add("post " + Report.rel(dir, d));
                return FileVisitResult.CONTINUE;
            }
        });
        events.stream().sorted().forEach(System.out::println);
        System.out.println("-- list");
        try (Stream<Path> s = Files.list(root)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(System.out::println);
        }
        System.out.println("-- glob *.txt in d");
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("d"), "file1*.txt")) {
            ds.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.stream().sorted().forEach(System.out::println);
        System.out.println("-- find *.dat or size 3");
        try (Stream<Path> s = Files.find(root, 10, (p, a) -> p.toString().endsWith(".dat") || (a.isRegularFile() && a.size() == 3))) {
            s.map(p -> Report.rel(dir, p)).sorted().forEach(System.out::println);
        }
        System.out.println("-- errors");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("a/one.txt"))) {
            System.out.println("listed a file?");
        } catch (Exception e) {
            System.out.println("list a file: " + Report.failure(e));
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("missing"))) {
            System.out.println("listed nothing?");
        } catch (Exception e) {
            System.out.println("list missing: " + Report.failure(e));
        }
        try {
            Files.delete(root.resolve("a"));
        } catch (Exception e) {
            System.out.println("delete non-empty: " + Report.failure(e));
        }
        try {
            Files.createDirectory(root.resolve("a"));
        } catch (Exception e) {
            System.out.println("create existing: " + Report.failure(e));
        }
        try {
            Files.createDirectory(root.resolve("x/y"));
        } catch (Exception e) {
            System.out.println("create without parent: " + Report.failure(e));
        }
        System.out.println("-- delete");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        System.out.println("tree exists " + Files.exists(root) + ", dir empty " + isEmpty(dir));
    }

    private static String kind(Path p) {
        if (Files.isSymbolicLink(p)) {
            return "link->" + Files.isDirectory(p);
        }
        return Files.isDirectory(p) ? "dir" : Files.isRegularFile(p) ? "file" : "other";
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }
}
