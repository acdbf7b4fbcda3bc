package io.github.camelwolkvox.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Wolkvox API v2 as the vendor's public request collection lists it (shipped in the jar as
 * {@value #RESOURCE}): per file and api the HTTP method and the names of the query parameters and
 * body fields. It says nothing about which fields are required, so it is used to catch misspelt
 * names at endpoint creation, never to refuse a value.
 */
public final class WolkvoxCatalogue {

    public static final String RESOURCE = "camel-wolkvox/catalogue.json";

    /**
     * One API. {@code bodyIsList}: the body is a list of objects with {@code bodyFields} (bulk uploads
     * such as campaign add_record).
     */
    public record Entry(String file, String api, String method, Set<String> query, Set<String> bodyFields, boolean bodyIsList) {
    }

    private static volatile WolkvoxCatalogue shipped;

    /** Entries by file then api; the collection lists some APIs twice (variants), merged here. */
    private final Map<String, Map<String, Entry>> byFile = new LinkedHashMap<>();

    private WolkvoxCatalogue(JsonNode root) {
        for (JsonNode e : root) {
            String file = e.path("file").asText();
            String api = e.path("api").asText();
            Set<String> query = new LinkedHashSet<>();
            e.path("query").forEach(q -> query.add(q.asText()));
            JsonNode body = e.path("body");
            boolean list = body.has("array_of");
            Set<String> fields = new LinkedHashSet<>();
            (list ? body.get("array_of") : body).forEach(f -> fields.add(f.asText()));
            Entry entry = new Entry(file, api, e.path("method").asText("GET"), query, fields, list);
            byFile.computeIfAbsent(file, f -> new LinkedHashMap<>()).merge(api, entry, WolkvoxCatalogue::merge);
        }
    }

    private static Entry merge(Entry a, Entry b) {
        Set<String> query = new LinkedHashSet<>(a.query());
        query.addAll(b.query());
        Set<String> fields = new LinkedHashSet<>(a.bodyFields());
        fields.addAll(b.bodyFields());
        return new Entry(a.file(), a.api(), a.method(), query, fields, a.bodyIsList() || b.bodyIsList());
    }

    /** The catalogue shipped in the jar. */
    public static WolkvoxCatalogue shipped() {
        WolkvoxCatalogue c = shipped;
        if (c == null) {
            try (InputStream in = WolkvoxCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                c = new WolkvoxCatalogue(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE, e);
            }
            shipped = c;
        }
        return c;
    }

    /** {@code information} or {@code information.php} to {@code information.php}. */
    public static String normaliseFile(String file) {
        String f = file.strip().toLowerCase(Locale.ROOT);
        return f.endsWith(".php") ? f : f + ".php";
    }

    public Optional<Entry> find(String file, String api) {
        Map<String, Entry> apis = byFile.get(normaliseFile(file));
        return apis == null ? Optional.empty() : Optional.ofNullable(apis.get(api.strip()));
    }

    /**
     * The entry, or an IllegalArgumentException naming the nearest known names (and the files where
     * an api of that name does exist).
     */
    public Entry require(String file, String api) {
        String f = normaliseFile(file);
        Map<String, Entry> apis = byFile.get(f);
        if (apis == null) {
            throw new IllegalArgumentException("Unknown Wolkvox file '" + file + "' (option file): did you mean "
                    + nearest(f, byFile.keySet()) + "? Known files: " + String.join(", ", byFile.keySet()));
        }
        Entry entry = apis.get(api.strip());
        if (entry != null) {
            return entry;
        }
        List<String> elsewhere = byFile.entrySet().stream().filter(e -> e.getValue().containsKey(api.strip()))
                .map(Map.Entry::getKey).toList();
        throw new IllegalArgumentException("Unknown Wolkvox api '" + api + "' in " + f + " (option api): did you mean "
                + nearest(api.strip(), apis.keySet()) + "?"
                + (elsewhere.isEmpty() ? "" : " '" + api.strip() + "' exists in " + String.join(", ", elsewhere) + ".")
                + " Set allowUnknownApi=true to call an API the catalogue does not list yet.");
    }

    /** Up to three known names closest to {@code wanted} by edit distance, as 'a', 'b' or 'c'. */
    static String nearest(String wanted, Set<String> known) {
        List<String> sorted = known.stream()
                .sorted(Comparator.comparingInt((String k) -> distance(wanted, k)).thenComparing(k -> k))
                .limit(3).toList();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            sb.append(i == 0 ? "" : i == sorted.size() - 1 ? " or " : ", ").append('\'').append(sorted.get(i)).append('\'');
        }
        return sb.toString();
    }

    /** Levenshtein distance, case-insensitive. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] prev = new int[y.length() + 1];
        int[] cur = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length()];
    }
}
