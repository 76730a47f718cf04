package app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes, lists and reads files in the directory it is given, and says who serves them. */
public final class Main {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        for (int i = 0; i < 20; i++) {
            Files.writeString(dir.resolve("f" + i + ".txt"), "file " + i + "\n".repeat(i));
        }
        try (var files = Files.list(dir)) {
            List<Path> sorted = files.sorted().toList();
            for (Path f : sorted) {
                System.out.println(f.getFileName() + " " + Files.size(f) + " " + Files.readString(f).length());
            }
        }
        System.out.println("module " + Main.class.getModule().getName());
    }
}
