package io.github.camelwolkvox.auth;

import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for wolkvox.ui.users: PBKDF2 with HMAC-SHA256 from the JDK (no dependency), written
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>} so a setting carries its own cost.
 * Make one with {@code java -cp camel-wolkvox.jar io.github.camelwolkvox.auth.PasswordHash}
 * (asks for the password; or reads one line from standard input).
 */
public final class PasswordHash {

    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String hash(char[] password, int iterations) {
        byte[] salt = salt();
        return stored(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * A stored value that no password matches and that costs as much to check as a hash of
     * {@code iterations}: nothing is derived to make it.
     */
    static String decoy(int iterations) {
        return stored(iterations, salt(), new byte[32]);
    }

    private static byte[] salt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    private static String stored(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** The iteration count of a stored value {@link #problem} accepts. */
    static int iterations(String stored) {
        return Integer.parseInt(stored.split("\\$")[1]);
    }

    /** Whether {@code password} matches {@code stored}, compared in constant time. */
    public static boolean matches(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1])));
    }

    /** Null when {@code stored} is a hash this class can check, else what is wrong with it (never the value). */
    static String problem(String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return "is not " + PREFIX + "$<iterations>$<salt>$<hash> (make one with io.github.camelwolkvox.auth.PasswordHash)";
        }
        try {
            if (Integer.parseInt(parts[1]) < 1 || Base64.getDecoder().decode(parts[3]).length < 16) {
                return "has a bad iteration count or hash";
            }
            Base64.getDecoder().decode(parts[2]);
            return null;
        } catch (IllegalArgumentException e) {
            return "has a bad iteration count, salt or hash";
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JRE", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Prints the hash of a password typed at the console (not echoed) or given as one line on standard input. */
    public static void main(String[] args) throws IOException {
        Console console = System.console();
        char[] password = console != null ? console.readPassword("Password: ")
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine().toCharArray();
        if (password == null || password.length == 0) {
            System.err.println("No password given");
            System.exit(2);
        }
        System.out.println(hash(password, args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ITERATIONS));
        Arrays.fill(password, '\0');
    }
}
