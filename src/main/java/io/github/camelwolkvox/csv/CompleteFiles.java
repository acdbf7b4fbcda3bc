package io.github.camelwolkvox.csv;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Which files of the inbox are complete, asked at every poll (before Camel's {@code readLock=changed}
 * check that size and time stay unchanged over one interval): a file with a marker beside it
 * ({@code codes.csv.done}, {@code codes.csv.ready}, {@code codes.done} or {@code codes.ready}) is
 * complete; without one, a file last modified at least {@code minAge} ms ago, unless markers are
 * required. A writer that pauses for less than {@code minAge} (a slow share, a script flushing
 * half) is therefore not read half-written.
 */
public class CompleteFiles implements GenericFileFilter<File> {

    private static final String[] MARKERS = {".done", ".ready"};

    private long minAge = 10_000;
    private boolean requireMarker;

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return false;
        }
        Path path = file.getFile().toPath();
        if (!markersOf(path).isEmpty()) {
            return true;
        }
        return !requireMarker && isOldEnough(file.getLastModified(), System.currentTimeMillis());
    }

    private boolean isOldEnough(long modified, long now) {
        return now - modified >= minAge;
    }

    /**
     * Waits until the file is complete again by the same rule (unchanged over one check interval,
     * and old enough unless marked): the version then, or null when that took longer than the timeout.
     */
    FileVersion awaitComplete(Path file, long checkInterval, long timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout * 1_000_000;
        FileVersion before = FileVersion.of(file);
        while (System.nanoTime() < deadline) {
            Thread.sleep(checkInterval);
            FileVersion now = FileVersion.of(file);
            if (now.sameAs(before) && (isOldEnough(now.modified(), System.currentTimeMillis()) || !markersOf(file).isEmpty())) {
                return now;
            }
            before = now;
        }
        return null;
    }

    /** The marker files beside this file (removed once the file is archived). */
    static List<Path> markersOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        List<Path> found = new ArrayList<>();
        for (String marker : MARKERS) {
            for (String base : dot > 0 ? new String[] {name, name.substring(0, dot)} : new String[] {name}) {
                Path m = file.resolveSibling(base + marker);
                if (Files.exists(m)) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    static void removeMarkersOf(Path file) throws IOException {
        for (Path marker : markersOf(file)) {
            Files.deleteIfExists(marker);
        }
    }

    /** Ms since its last change before a file without a marker is taken. */
    public void setMinAge(long minAge) {
        this.minAge = minAge;
    }

    /** Only files with a marker are taken. */
    public void setRequireMarker(boolean requireMarker) {
        this.requireMarker = requireMarker;
    }
}
