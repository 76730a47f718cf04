package jdkprograms;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Writes and reads a zip through the zip file system provider (jdk.zipfs), which does its I/O through the default provider. Argument: an empty work directory. */
public final class ZipFs {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path zip = dir.resolve("archive.zip");
        byte[] big = Report.pattern(200_000, 3);
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Files.createDirectories(fs.getPath("/docs/deep"));
            Files.writeString(fs.getPath("/docs/readme.txt"), "hello zip\n");
            Files.write(fs.getPath("/docs/deep/big.bin"), big);
            Files.writeString(fs.getPath("/top.txt"), "top");
        }
        System.out.println("zip exists " + Files.exists(zip) + " non-empty " + (Files.size(zip) > 0));

        try (FileSystem fs = FileSystems.newFileSystem(zip)) {
            try (Stream<Path> s = Files.walk(fs.getPath("/"))) {
                s.sorted().forEach(p -> {
                    try {
                        System.out.println(p + (Files.isDirectory(p) ? "/" : " " + Files.size(p) + " " + Report.crc(Files.readAllBytes(p))));
                    } catch (Exception e) {
                        System.out.println(p + " " + Report.failure(e));
                    }
                });
            }
            System.out.println("readme: " + Files.readString(fs.getPath("docs/readme.txt")).strip());
            Files.copy(fs.getPath("/docs/deep/big.bin"), dir.resolve("extracted.bin"));
            System.out.println("extracted crc " + Report.crc(Files.readAllBytes(dir.resolve("extracted.bin"))) + " expected " + Report.crc(big));
            Files.delete(fs.getPath("/top.txt"));
            Files.writeString(fs.getPath("/added.txt"), "added later");
        }

        URI uri = URI.create("jar:" + zip.toUri());
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
            try (Stream<Path> s = Files.list(fs.getPath("/"))) {
                s.map(Path::toString).sorted().forEach(n -> System.out.println("after update: " + n));
            }
            System.out.println("added: " + Files.readString(fs.getPath("/added.txt")));
        }

        try {
            FileSystems.newFileSystem(dir.resolve("missing.zip"));
        } catch (Exception e) {
            System.out.println("open missing zip: " + Report.failure(e));
        }
        Path notZip = Files.writeString(dir.resolve("not.zip"), "this is not a zip file");
        try (FileSystem fs = FileSystems.newFileSystem(notZip)) {
            System.out.println("opened a text file as a zip?");
        } catch (Exception e) {
            System.out.println("open a text file as a zip: " + e.getClass().getSimpleName());
        }
    }
}
