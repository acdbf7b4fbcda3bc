package io.github.camelwolkvox.component;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The vendor's cadence for reports: at most one pull of a report every 5 minutes. Remembers, JVM-wide
 * per server, token (by fingerprint, never the token), API and query, the last successful answer of each
 * report pull, so that a pull asked for sooner (another route, an on-demand request, a retry) is
 * served that answer, with its age, instead of calling Wolkvox again.
 */
final class PullCadence {

    /** The files whose GET APIs are report pulls. */
    private static final Set<String> REPORT_FILES = Set.of("information.php", "reports_manager.php");
    /** Reports kept at most; the least recently pulled goes first (windows of dated reports add up). */
    private static final int REMEMBERED = 1_000;
    /**
     * A pull this much earlier than the interval still goes upstream: a 5-minute schedule whose tick
     * fires a moment early must get a new answer, not the previous tick's.
     */
    static final double GRACE = 0.02;

    private static final Map<String, Answer> LAST = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** One answer as it came: when its call started, the HTTP status and the body text. */
    record Answer(Instant pulledAt, int status, String body) {
    }

    /** Server and token fingerprint, then the file: the query completes the key of one report. */
    private final String prefix;
    private final long intervalMillis;

    private PullCadence(String prefix, long intervalMillis) {
        this.prefix = prefix;
        this.intervalMillis = intervalMillis;
    }

    /** The cadence of an endpoint's pulls; null when its API is no report or the rule is lifted (interval 0). */
    static PullCadence of(String baseUrl, String token, WolkvoxApi api, long intervalMillis) {
        boolean report = "GET".equals(api.httpMethod()) && REPORT_FILES.contains(api.file());
        return report && intervalMillis > 0
                ? new PullCadence(baseUrl + " " + TokenGuard.fingerprint(token) + " " + api.file() + "?", intervalMillis) : null;
    }

    private String key(String query) {
        return prefix + query;
    }

    /** The last answer to this query while it is younger than the interval. */
    Optional<Answer> recent(String query) {
        long youngerThan = intervalMillis - (long) (intervalMillis * GRACE);
        Instant now = Instant.now();
        synchronized (LAST) {
            Answer a = LAST.get(key(query));
            return a != null && a.pulledAt().plusMillis(youngerThan).isAfter(now) ? Optional.of(a) : Optional.empty();
        }
    }

    void remember(String query, Answer answer) {
        Instant expired = Instant.now().minusMillis(intervalMillis);
        synchronized (LAST) {
            LAST.put(key(query), answer);
            for (Iterator<Answer> it = LAST.values().iterator(); it.hasNext(); ) {
                if (it.next().pulledAt().isBefore(expired)) {
                    it.remove();
                }
            }
        }
    }
}
