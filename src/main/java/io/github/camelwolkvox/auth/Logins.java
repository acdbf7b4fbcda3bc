package io.github.camelwolkvox.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The users of wolkvox.ui.users ({@code name:role:hash}, comma-separated) and their sessions. A
 * login answers a random session token; only its SHA-256 is kept (in memory: a restart signs
 * everyone out), until wolkvox.ui.session-timeout passes. The token travels in the
 * {@code Authorization: Bearer} header, never in a cookie, so another site cannot act with it.
 */
public final class Logins {

    private static final String BEAN = "wolkvoxLogins";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record User(Role role, String hash) {
    }

    private record Session(Caller caller, long expiresAt) {
    }

    private final Map<String, User> users;
    private final long timeoutMillis;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /**
     * Checked when the user is unknown, so a login takes as long for a wrong name as for a wrong
     * password: as many iterations as the costliest user's hash.
     */
    private final String decoy;

    Logins(Map<String, User> users, long timeoutMillis) {
        this.users = Map.copyOf(users);
        this.timeoutMillis = timeoutMillis;
        this.decoy = PasswordHash.decoy(users.values().stream().mapToInt(u -> PasswordHash.iterations(u.hash()))
                .max().orElse(PasswordHash.DEFAULT_ITERATIONS));
    }

    /** The logins of this CamelContext's settings: one per context, shared by every guard of it. */
    public static synchronized Logins of(CamelContext context) {
        Logins logins = context.getRegistry().lookupByNameAndType(BEAN, Logins.class);
        if (logins == null) {
            PropertiesComponent settings = context.getPropertiesComponent();
            logins = parse(settings.resolveProperty("wolkvox.ui.users").orElse(""),
                    settings.resolveProperty("wolkvox.ui.session-timeout").orElse("28800000"));
            context.getRegistry().bind(BEAN, logins);
        }
        return logins;
    }

    /** Fails naming the setting and the user, never the hash. */
    static Logins parse(String value, String timeout) {
        Map<String, User> users = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split(":", 3);
            String name = parts[0].strip();
            Role role;
            try {
                role = parts.length == 3 ? Role.valueOf(parts[1].strip().toUpperCase(java.util.Locale.ROOT)) : null;
            } catch (IllegalArgumentException e) {
                role = null;
            }
            if (name.isEmpty() || role == null) {
                throw new IllegalArgumentException("wolkvox.ui.users: an entry for '" + name + "' is not name:role:hash with role"
                        + " viewer or operator (environment variable WOLKVOX_UI_USERS)");
            }
            String problem = PasswordHash.problem(parts[2].strip());
            if (problem != null) {
                throw new IllegalArgumentException("wolkvox.ui.users: the hash of user '" + name + "' " + problem
                        + " (environment variable WOLKVOX_UI_USERS)");
            }
            users.put(name, new User(role, parts[2].strip()));
        }
        long millis;
        try {
            millis = Long.parseLong(timeout.strip());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis <= 0) {
            throw new IllegalArgumentException("wolkvox.ui.session-timeout must be a number of milliseconds above 0, not '"
                    + timeout + "' (environment variable WOLKVOX_UI_SESSION_TIMEOUT)");
        }
        return new Logins(users, millis);
    }

    /** The iterations a login of an unknown name costs. */
    int decoyIterations() {
        return PasswordHash.iterations(decoy);
    }

    public boolean hasUsers() {
        return !users.isEmpty();
    }

    /** A new session token for {@code name} when the password is right, else empty. */
    public Optional<Map<String, Object>> login(String name, char[] password) {
        User user = name == null ? null : users.get(name.strip());
        boolean right = PasswordHash.matches(password, user == null ? decoy : user.hash()) && user != null;
        if (!right) {
            return Optional.empty();
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        sessions.values().removeIf(s -> s.expiresAt() < System.currentTimeMillis());
        sessions.put(digest(token), new Session(new Caller(name.strip(), user.role()), System.currentTimeMillis() + timeoutMillis));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", token);
        answer.put("user", name.strip());
        answer.put("role", user.role().name().toLowerCase(java.util.Locale.ROOT));
        answer.put("expires_in_ms", timeoutMillis);
        return Optional.of(answer);
    }

    /** The caller of a live session token. */
    public Optional<Caller> session(String token) {
        Session session = sessions.get(digest(token));
        if (session == null || session.expiresAt() < System.currentTimeMillis()) {
            return Optional.empty();
        }
        return Optional.of(session.caller());
    }

    public void logout(String token) {
        sessions.remove(digest(token));
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
