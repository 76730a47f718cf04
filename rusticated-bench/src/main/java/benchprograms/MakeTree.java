package benchprograms;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the tree {@link TreeWalk} reads: {@code DIRS} directories of {@code PER_DIR} files of 1 to
 * 8 KiB each, a level of subdirectories deep. Run once by run.sh before the measured runs.
 *
 * <pre>java -cp DIR benchprograms.MakeTree TREE</pre>
 */
public final class MakeTree {
    private static final int DIRS = 50;
    private static final int PER_DIR = 80;

    private MakeTree() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        byte[] content = new byte[8192];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }
        for (int d = 0; d < DIRS; d++) {
            Path dir = Files.createDirectories(root.resolve("d" + d / 10).resolve("dir-" + d));
            for (int f = 0; f < PER_DIR; f++) {
                int size = 1024 + (d * PER_DIR + f) * 97 % 7168;
                Files.write(dir.resolve("f-" + f + ".dat"), java.util.Arrays.copyOf(content, size));
            }
        }
    }
}
