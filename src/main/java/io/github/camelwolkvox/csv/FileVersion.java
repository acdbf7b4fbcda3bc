package io.github.camelwolkvox.csv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * A file as the intake saw it complete (size and modification time), and a checksum of the bytes
 * read of it. The rows are read up to that size only, so a writer still appending cannot hand the
 * parser half a row; after the last row the file is compared with it: grown with the same start
 * means rows were added (read on), a different start means it was replaced.
 */
final class FileVersion {

    private final long size;
    private final long modified;
    private final CRC32 read = new CRC32();

    private FileVersion(long size, long modified) {
        this.size = size;
        this.modified = modified;
    }

    static FileVersion of(Path file) throws IOException {
        return new FileVersion(Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }

    long size() {
        return size;
    }

    long modified() {
        return modified;
    }

    /** The file's first {@code size} bytes; what is read through it goes into the checksum. */
    InputStream open(Path file) throws IOException {
        return new CheckedInputStream(limited(Files.newInputStream(file), size), read);
    }

    boolean sameAs(FileVersion other) {
        return size == other.size && modified == other.modified;
    }

    /** Whether the file (at least this long now) still starts with the bytes read of this version. */
    boolean isStartOf(Path file) throws IOException {
        CRC32 now = new CRC32();
        try (InputStream in = new CheckedInputStream(limited(Files.newInputStream(file), size), now)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return now.getValue() == read.getValue();
    }

    /** The first line of the progress record: a record of another version is not resumed. */
    String describe(String name) {
        return name + " size=" + size + " modified=" + modified;
    }

    private static InputStream limited(InputStream in, long limit) {
        return new FilterInputStream(in) {
            private long left = limit;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                left -= b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
    }
}
