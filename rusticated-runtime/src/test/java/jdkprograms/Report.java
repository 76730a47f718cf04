package jdkprograms;

import java.nio.file.Path;
import java.util.zip.CRC32;

/** Small helpers every program prints with, so outputs compare byte for byte across runtimes. */
final class Report {
    private Report() {
    }

    /** Deterministic content: a byte pattern no two nearby offsets share. */
    static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        long x = seed;
        for (int i = 0; i < size; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            b[i] = (byte) (x >>> 56);
        }
        return b;
    }

    static String crc(byte[] data) {
        return crc(data, 0, data.length);
    }

    static String crc(byte[] data, int offset, int length) {
        CRC32 c = new CRC32();
        c.update(data, offset, length);
        return String.format("%08x", c.getValue());
    }

    /** A path relative to the work directory, with '/' separators. */
    static String rel(Path base, Path p) {
        String s = base.relativize(p).toString();
        return s.isEmpty() ? "." : s;
    }

    /** An exception as the program reports it: its class and the file name it names. */
    static String failure(Exception e) {
        if (e instanceof java.nio.file.FileSystemException fse) {
            return e.getClass().getSimpleName() + "(" + (fse.getFile() == null ? "" : Path.of(fse.getFile()).getFileName())
                    + (fse.getReason() == null ? "" : ": " + fse.getReason()) + ")";
        }
        return e.getClass().getSimpleName();
    }
}
