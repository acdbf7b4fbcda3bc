package io.github.camelwolkvox.operations;

import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.camel.util.SensitiveUtils;

/** What of a setting may be printed: secret keys' values masked, and a password inside a URL. */
public final class Secrets {

    static final String MASK = "xxxxxx";
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)[^;&]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@]*:)[^@/]*@");

    private Secrets() {
    }

    /** A URL (JDBC or HTTP) with any password in it, as a parameter or as user:password@, masked. */
    public static String maskUrl(String url) {
        return URL_USER_INFO.matcher(URL_PASSWORD.matcher(url).replaceAll("$1" + MASK)).replaceAll("$1" + MASK + "@");
    }

    /**
     * A setting's value as it may be printed. Camel's list of sensitive names is extended by API keys
     * ("api-keys" is not on it).
     */
    public static String masked(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return value;
        }
        if (SensitiveUtils.containsSensitive(key) || k.contains("api-key") || k.contains("apikey")
                || k.equals("wolkvox.ui.users")) { // the users' password hashes
            return MASK;
        }
        return maskUrl(value);
    }
}
