package io.github.camelwolkvox.component;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the component reads its settings, with no server and no socket: creating an endpoint is
 * enough to decide the mode and to refuse a misconfiguration with one line naming the setting
 * (before the host is looked up, which needs the network: FailFastConfigurationIT).
 */
class AccountSettingsTest {

    private CamelContext context;

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aServerWithoutItsTokenIsRefusedNamingTheTokenSettingAndItsVariable() {
        withSettings(Map.of("wolkvox.server", "0012"));
        assertThatThrownBy(() -> context.getEndpoint("wolkvox:dial"))
                .rootCause()
                .hasMessageContaining("No Wolkvox token for account 'default', which has a server")
                .hasMessageContaining("wolkvox.token")
                .hasMessageContaining("WOLKVOX_TOKEN");
    }

    @Test
    void aNamedAccountWithOnlyATokenIsRefusedNamingItsServerSetting() {
        withSettings(Map.of("wolkvox.accounts.bogota.token", "tok-settings-bogota"));
        assertThatThrownBy(() -> context.getEndpoint("wolkvox:dial?account=bogota"))
                .rootCause()
                .hasMessageContaining("No Wolkvox server for account 'bogota'")
                .hasMessageContaining("wolkvox.accounts.bogota.server");
    }

    @Test
    void theFriendlyNameAndCamelsOwnOptionSetDifferentlyAreRefused() {
        withSettings(Map.of("wolkvox.token", "tok-settings-a", "wolkvox.server", "0012",
                "wolkvox.call-timeout", "5000"));
        context.getComponent("wolkvox", WolkvoxComponent.class).getConfiguration().setCallTimeout(9000);
        assertThatThrownBy(() -> context.getEndpoint("wolkvox:dial"))
                .rootCause()
                .hasMessageContaining("wolkvox.call-timeout")
                .hasMessageContaining("camel.component.wolkvox.configuration.call-timeout")
                .hasMessageContaining("set only one");
    }

    @Test
    void aValueThatIsNotANumberNamesTheSetting() {
        withSettings(Map.of("wolkvox.token", "tok-settings-b", "wolkvox.server", "0012",
                "wolkvox.token-wait-timeout", "ten seconds"));
        assertThatThrownBy(() -> context.getEndpoint("wolkvox:dial"))
                .rootCause()
                .hasMessageContaining("wolkvox.token-wait-timeout (WOLKVOX_TOKEN_WAIT_TIMEOUT) is not a valid value");
    }

    private void withSettings(Map<String, String> settings) {
        context = new DefaultCamelContext();
        settings.forEach(context.getPropertiesComponent()::addInitialProperty);
    }
}
