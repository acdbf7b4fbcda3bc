package io.github.camelwolkvox.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.github.camelwolkvox.csv.CsvDialect;
import io.github.camelwolkvox.csv.InboxFileState;
import io.github.camelwolkvox.csv.InboxFileState.Stage;

/**
 * Files uploaded from the operator page into an activity-code inbox: placed under a safe name of
 * their own (nothing of the browser's path is used), recorded with their content's SHA-256 so that
 * the same content sent again is recognised, and followed through the intake's own files
 * ({@link InboxFileState}): no second bookkeeping of rows. Files dropped straight into an inbox
 * folder (not through the page) are listed too, with an id made from their inbox and name.
 */
public final class Uploads {

    /** Extensions the intake reads; anything else is refused at the door instead of landing in error/. */
    private static final Pattern READABLE = Pattern.compile("(?i).*\\.(csv|txt|tsv|xlsx)");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");
    private static final int MAX_NAME = 80;
    private static final String DROPPED = "inbox-";
    private static final String RESULT = ".result.csv";

    private final DataSource dataSource;
    private final Map<String, Path> inboxes;
    private final String doneFolder;
    private final String errorFolder;
    /** When each upload was first seen in progress (upload id, epoch ms): the start of its rate. */
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

    public Uploads(DataSource dataSource, Map<String, Path> inboxes, String doneFolder, String errorFolder) {
        this.dataSource = dataSource;
        this.inboxes = Map.copyOf(inboxes);
        this.doneFolder = doneFolder;
        this.errorFolder = errorFolder;
    }

    public List<String> inboxNames() {
        return List.copyOf(new TreeMap<>(inboxes).keySet());
    }

    /** A browser-given name reduced to its last segment and safe characters; null when nothing usable is left. */
    static String safeName(String browserName) {
        String base = browserName == null ? "" : browserName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = UNSAFE.matcher(base).replaceAll("_").replaceAll("^[._]+", "");
        if (base.length() > MAX_NAME) {
            int dot = base.lastIndexOf('.');
            String ext = dot > 0 ? base.substring(dot) : "";
            base = base.substring(0, MAX_NAME - ext.length()) + ext;
        }
        return base.isEmpty() ? null : base;
    }

    /** What a POST of a file answers: the upload placed, or why not. */
    public sealed interface Outcome {
    }

    public record Accepted(String id, String storedName, boolean checkOnly) implements Outcome {
    }

    public record Duplicate(String previousId, String previousName, Instant previousAt) implements Outcome {
    }

    public record Refused(String field, String reason) implements Outcome {
    }

    /**
     * Places {@code uploaded} (a temporary file) in the inbox named {@code inbox} (its check folder for
     * a dry run). The same content already sent to that inbox is not placed again unless {@code confirm}.
     */
    public synchronized Outcome accept(Path uploaded, String browserName, String inbox, boolean checkOnly, boolean confirm)
            throws IOException, SQLException {
        String name = safeName(browserName);
        if (name == null || !READABLE.matcher(name).matches()) {
            return new Refused("file", "must be a .csv, .txt, .tsv or .xlsx file");
        }
        String inboxName = inbox == null || inbox.isBlank() ? inboxNames().get(0) : inbox.strip();
        Path folder = inboxes.get(inboxName);
        if (folder == null) {
            return new Refused("inbox", "unknown inbox '" + inboxName + "', one of " + inboxNames());
        }
        String sha = sha256(uploaded);
        if (!checkOnly && !confirm) {
            Optional<Duplicate> previous = previousSend(sha, inboxName);
            if (previous.isPresent()) {
                return previous.get();
            }
        }
        String id = UUID.randomUUID().toString();
        // the id in front keeps two uploads of one name apart, and the name still says what it was
        String stored = id.substring(0, 8) + "-" + name;
        Path target = (checkOnly ? folder.resolve("check") : folder).resolve(stored);
        Files.createDirectories(target.getParent());
        // copied under a name the inbox excludes (.part), then renamed: the intake never sees half a file
        Path part = target.resolveSibling(stored + ".part");
        Files.copy(uploaded, part, StandardCopyOption.REPLACE_EXISTING);
        Long rows = estimateRows(part);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO wolkvox_upload (id, inbox, check_only, original_name, stored_name, sha256, size_bytes, rows_estimated)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, id);
            st.setString(2, inboxName);
            st.setBoolean(3, checkOnly);
            st.setString(4, name);
            st.setString(5, stored);
            st.setString(6, sha);
            st.setLong(7, Files.size(part));
            st.setObject(8, rows);
            st.executeUpdate();
        } catch (SQLException e) {
            Files.deleteIfExists(part); // not recorded, so not placed: no file the page cannot follow
            throw e;
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        return new Accepted(id, stored, checkOnly);
    }

    private Optional<Duplicate> previousSend(String sha, String inbox) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT id, original_name, created_at FROM wolkvox_upload WHERE sha256 = ? AND inbox = ? AND check_only = FALSE"
                        + " ORDER BY created_at LIMIT 1")) {
            st.setString(1, sha);
            st.setString(2, inbox);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Duplicate(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant())) : Optional.empty();
            }
        }
    }

    /** Data rows of a CSV file as its dialect parses them, less the header; null for a workbook (known when done). */
    private static Long estimateRows(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx.part")) {
            return null;
        }
        try {
            CsvDialect dialect = CsvDialect.detect(file);
            long records = 0;
            try (CSVParser parser = dialect.format().parse(Files.newBufferedReader(file, dialect.charset()))) {
                for (CSVRecord r : parser) {
                    records += r.size() > 1 || !r.get(0).isBlank() ? 1 : 0;
                }
            }
            return Math.max(0, records - 1);
        } catch (IOException | UncheckedIOException e) {
            return null; // unreadable here is unreadable for the intake too: its result file will say why
        }
    }

    /** The upload's record and where its file stands, with counts by status once there is a result file; empty if unknown. */
    public Optional<Map<String, Object>> state(String id) throws SQLException, IOException {
        Optional<Record> record = find(id);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(state(record.get()));
    }

    private Map<String, Object> state(Record r) throws IOException {
        InboxFileState file = fileState(r);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("source", r.id().startsWith(DROPPED) ? "inbox" : "upload");
        m.put("name", r.originalName());
        m.put("inbox", r.inbox());
        m.put("check_only", r.checkOnly());
        m.put("stage", file.stage().name());
        m.put("rows_done", file.rowsFinished());
        Long total = file.resultFile() != null ? Long.valueOf(file.rowsFinished()) : r.rowsEstimated();
        m.put("rows_total", total);
        Map<String, Long> counts = new TreeMap<>();
        for (Map<String, String> row : file.resultRows()) {
            counts.merge(row.getOrDefault("status", ""), 1L, Long::sum);
        }
        m.put("counts", counts);
        m.put("uploaded_at", r.createdAt().toString());
        putRate(m, r.id(), file, total);
        m.put("result", file.resultFile() != null);
        return m;
    }

    private void putRate(Map<String, Object> m, String id, InboxFileState file, Long total) {
        if (file.stage() != Stage.IN_PROGRESS) {
            if (file.stage() == Stage.DONE || file.stage() == Stage.ERROR) {
                startedAt.remove(id);
            }
            return;
        }
        long now = System.currentTimeMillis();
        long since = startedAt.computeIfAbsent(id, k -> now);
        double seconds = (now - since) / 1000.0;
        if (seconds >= 1 && file.rowsFinished() > 0) {
            double rate = file.rowsFinished() / seconds;
            m.put("rows_per_second", Math.round(rate * 10) / 10.0);
            if (total != null && total > file.rowsFinished()) {
                m.put("eta_seconds", Math.round((total - file.rowsFinished()) / rate));
            }
        }
    }

    /** The latest uploads and files dropped in an inbox, newest first, with their state. */
    public List<Map<String, Object>> latest(int limit) throws SQLException, IOException {
        List<Map<String, Object>> states = new ArrayList<>(uploaded(limit));
        for (Record r : dropped()) {
            states.add(state(r));
        }
        states.sort(java.util.Comparator.comparing((Map<String, Object> m) -> (String) m.get("uploaded_at")).reversed());
        return states.subList(0, Math.min(limit, states.size()));
    }

    /**
     * Files in an inbox, or archived with a result, that no upload placed: dropped there by a person or
     * a script. Their id says inbox and name; their time is the file's last change.
     */
    private List<Record> dropped() throws SQLException, IOException {
        java.util.Set<String> placed = new java.util.HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT inbox, stored_name FROM wolkvox_upload WHERE check_only = FALSE")) {
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    placed.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
        }
        List<Record> found = new ArrayList<>();
        for (Map.Entry<String, Path> inbox : new TreeMap<>(inboxes).entrySet()) {
            Map<String, Path> names = new TreeMap<>();
            for (Path folder : List.of(inbox.getValue(), inbox.getValue().resolve(doneFolder), inbox.getValue().resolve(errorFolder))) {
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                try (var files = Files.list(folder)) {
                    files.filter(Files::isRegularFile).forEach(f -> {
                        String name = f.getFileName().toString();
                        boolean archived = !folder.equals(inbox.getValue());
                        String base = archived && name.endsWith(RESULT) ? name.substring(0, name.length() - RESULT.length()) : name;
                        if ((!archived || name.endsWith(RESULT)) && READABLE.matcher(base).matches() && !base.startsWith(".")
                                && !base.startsWith("~$")) {
                            names.putIfAbsent(base, f);
                        }
                    });
                }
            }
            for (Map.Entry<String, Path> name : names.entrySet()) {
                if (!placed.contains(inbox.getKey() + "/" + name.getKey())) {
                    found.add(new Record(droppedId(inbox.getKey(), name.getKey()), inbox.getKey(), false, name.getKey(), name.getKey(),
                            null, Files.getLastModifiedTime(name.getValue()).toInstant()));
                }
            }
        }
        return found;
    }

    private static String droppedId(String inbox, String name) {
        return DROPPED + sha256Hex((inbox + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 24);
    }

    private List<Map<String, Object>> uploaded(int limit) throws SQLException, IOException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT id FROM wolkvox_upload ORDER BY created_at DESC LIMIT ?")) {
            st.setInt(1, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        List<Map<String, Object>> states = new ArrayList<>();
        for (String id : ids) {
            state(id).ifPresent(states::add);
        }
        return states;
    }

    /** The result rows of an upload, only those of {@code status} when given; empty if the upload is unknown. */
    public Optional<List<Map<String, String>>> rows(String id, String status) throws SQLException, IOException {
        Optional<Record> record = find(id);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fileState(record.get()).resultRows().stream()
                .filter(row -> status == null || status.isBlank() || status.equalsIgnoreCase(row.get("status"))).toList());
    }

    /** The result file of an upload and the name to download it under, once it has one. */
    public Optional<Map.Entry<Path, String>> resultFile(String id) throws SQLException {
        return find(id).flatMap(r -> Optional.ofNullable(fileState(r).resultFile())
                .map(path -> Map.entry(path, r.originalName() + ".result.csv")));
    }

    private InboxFileState fileState(Record r) {
        Path folder = inboxes.get(r.inbox());
        if (folder == null) {
            return new InboxFileState(r.storedName(), Stage.UNKNOWN, 0, null);
        }
        return InboxFileState.of(r.checkOnly() ? folder.resolve("check") : folder, r.storedName(), doneFolder, errorFolder);
    }

    private record Record(String id, String inbox, boolean checkOnly, String originalName, String storedName,
            Long rowsEstimated, Instant createdAt) {
    }

    private Optional<Record> find(String id) throws SQLException {
        if (id.startsWith(DROPPED)) {
            try {
                return dropped().stream().filter(r -> r.id().equals(id)).findFirst();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT id, inbox, check_only, original_name, stored_name, rows_estimated, created_at FROM wolkvox_upload WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long rows = rs.getLong(6);
                return Optional.of(new Record(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), rs.wasNull() ? null : rows, rs.getTimestamp(7).toInstant()));
            }
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
