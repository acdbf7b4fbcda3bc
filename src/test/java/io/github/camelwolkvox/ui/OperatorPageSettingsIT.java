package io.github.camelwolkvox.ui;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.TestApplication;
import io.github.camelwolkvox.auth.PasswordHash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator page's settings, and what is left of a name a browser sends. */
class OperatorPageSettingsIT {

    @TempDir
    Path data;

    @Test
    void aBrowsersNameKeepsOnlyItsLastSegmentInSafeCharacters() {
        assertThat(Uploads.safeName("C:\\Users\\ana\\Códigos marzo.csv")).isEqualTo("C_digos_marzo.csv");
        assertThat(Uploads.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Uploads.safeName("..")).isNull();
        assertThat(Uploads.safeName(".hidden.csv")).isEqualTo("hidden.csv");
        assertThat(Uploads.safeName(null)).isNull();
        assertThat(Uploads.safeName("x".repeat(300) + ".xlsx")).hasSize(80).endsWith(".xlsx");
    }

    @Test
    void aBadInboxListFailsTheStartNamingTheSetting() {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.ui.inboxes", "activity-codes");
        assertThatThrownBy(() -> TestApplication.start(settings)).hasStackTraceContaining(
                "wolkvox.ui.inboxes: 'activity-codes' is not name=folder (environment variable WOLKVOX_UI_INBOXES)");
    }

    @Test
    void aBadUploadLimitFailsTheStartNamingTheSetting() {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.ui.max-upload-size", "10MB");
        assertThatThrownBy(() -> TestApplication.start(settings)).hasStackTraceContaining(
                "wolkvox.ui.max-upload-size must be a number of bytes above 0, not '10MB' (environment variable WOLKVOX_UI_MAX_UPLOAD_SIZE)");
    }

    @Test
    void aBadUserEntryFailsTheStartNamingTheSettingAndTheUserButNotTheHash() {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.ui.users", "ana:operator:md5-c0ffee-SECRET");
        assertThatThrownBy(() -> TestApplication.start(settings)).hasStackTraceContaining(
                "wolkvox.ui.users: the hash of user 'ana' is not pbkdf2-sha256").satisfies(e ->
                        assertThat(stackTrace(e)).doesNotContain("c0ffee-SECRET"));
        settings.put("wolkvox.ui.users", "ana:admin:" + PasswordHash.hash("x".toCharArray(), 10));
        assertThatThrownBy(() -> TestApplication.start(settings)).hasStackTraceContaining(
                "role viewer or operator (environment variable WOLKVOX_UI_USERS)");
    }

    @Test
    void aHashMatchesItsPasswordOnlyAndCarriesItsCost() {
        String hash = PasswordHash.hash("contraseña".toCharArray(), 1000);
        assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("contraseña");
        assertThat(PasswordHash.matches("contraseña".toCharArray(), hash)).isTrue();
        assertThat(PasswordHash.matches("contrasena".toCharArray(), hash)).isFalse();
        assertThat(PasswordHash.hash("contraseña".toCharArray(), 1000)).as("salted").isNotEqualTo(hash);
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
