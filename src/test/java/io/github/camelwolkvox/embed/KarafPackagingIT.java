package io.github.camelwolkvox.embed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged artifacts as Karaf sees them (runs after {@code package}, by failsafe): the jar's OSGi
 * headers, that the same jar is still the runnable application, and the attached features file.
 */
class KarafPackagingIT {

    private static final String VERSION = System.getProperty("project.version");
    private static final String BUNDLE_URL = "mvn:" + System.getProperty("project.groupId") + "/"
            + System.getProperty("project.artifactId") + "/" + VERSION;

    private static final String FEATURES_NS = "http://karaf.apache.org/xmlns/features/v1.6.0";

    private static Attributes manifest;
    private static JarFile jar;

    @BeforeAll
    static void openJar() throws Exception {
        jar = new JarFile(System.getProperty("bundle.jar"));
        manifest = jar.getManifest().getMainAttributes();
    }

    @Test
    void isAnOsgiBundleNamedAndVersionedAfterTheArtifact() {
        assertThat(manifest.getValue("Bundle-ManifestVersion")).isEqualTo("2");
        assertThat(manifest.getValue("Bundle-SymbolicName")).isEqualTo("io.github.camelwolkvox.camel-wolkvox");
        assertThat(manifest.getValue("Bundle-Version")).isEqualTo(VERSION.replace("-", "."));
    }

    @Test
    void exportsTheComponentAndItsRecordsButNotTheStandaloneEntryPoint() {
        Map<String, String> exports = clauses(manifest.getValue("Export-Package"));
        assertThat(exports).containsKeys("io.github.camelwolkvox.component", "io.github.camelwolkvox.component.model",
                "io.github.camelwolkvox.db", "io.github.camelwolkvox.sandbox");
        assertThat(exports).doesNotContainKey("io.github.camelwolkvox");
        assertThat(exports.get("io.github.camelwolkvox.component")).contains("version=\"" + VERSION.replace("-SNAPSHOT", "") + "\"");
    }

    @Test
    void importsCamelForTheWhole4xLineAndOnlyWhatTheModuleUses() {
        Map<String, String> imports = clauses(manifest.getValue("Import-Package"));
        List<String> camel = imports.keySet().stream().filter(p -> p.startsWith("org.apache.camel")).toList();
        assertThat(camel).contains("org.apache.camel", "org.apache.camel.component.http", "org.apache.camel.support");
        assertThat(camel).allSatisfy(p -> assertThat(imports.get(p)).as(p).contains("version=\"[4,5)\""));
        // Only the standalone application needs Camel Main, only the sandbox the JDK HTTP server,
        // only the REST API platform-http on Vert.x
        assertThat(imports.get("org.apache.camel.main")).contains("resolution:=optional");
        assertThat(imports.get("com.sun.net.httpserver")).contains("resolution:=optional");
        assertThat(imports.keySet()).filteredOn(p -> p.startsWith("io.vertx") || p.startsWith("org.apache.camel.component.platform.http"))
                .allSatisfy(p -> assertThat(imports.get(p)).as(p).contains("resolution:=optional"));
        // Nothing from the tests or the standalone logging backend leaks into the bundle's wiring
        assertThat(imports.keySet()).noneMatch(p -> p.startsWith("org.junit") || p.startsWith("org.assertj")
                || p.startsWith("org.awaitility") || p.startsWith("org.apache.logging"));
        assertThat(imports.keySet()).filteredOn(p -> p.startsWith("io.github.camelwolkvox"))
                .allSatisfy(p -> assertThat(clauses(manifest.getValue("Export-Package"))).containsKey(p));
    }

    @Test
    void carriesTheCamelComponentFactoryAndTheRoutes() {
        assertThat(jar.getEntry("META-INF/services/org/apache/camel/component/wolkvox")).isNotNull();
        assertThat(jar.getEntry("camel-wolkvox/templates/retries.camel.yaml")).isNotNull();
        assertThat(jar.getEntry("camel-wolkvox/templates/wolkvox-call.camel.yaml")).isNotNull();
    }

    @Test
    void isStillTheRunnableApplication() {
        assertThat(manifest.getValue("Main-Class")).isEqualTo("io.github.camelwolkvox.Application");
        assertThat(manifest.getValue("Class-Path")).contains("lib/camel-main-", "lib/HikariCP-");
    }

    @Test
    void featuresFileDeclaresCamelWolkvoxOnTheCamelKarafFeatures() throws Exception {
        Path file = Path.of(System.getProperty("features.xml"));
        assertThat(Files.readString(file)).doesNotContain("${");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(file.toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("features");
        assertThat(root.getNamespaceURI()).isEqualTo(FEATURES_NS);
        // Karaf's own schema for that namespace (from org.apache.karaf.features.core)
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(KarafPackagingIT.class.getResource("/org/apache/karaf/features/karaf-features-1.6.0.xsd"))
                .newValidator().validate(new StreamSource(file.toFile()));

        assertThat(children(root, "repository")).singleElement()
                .satisfies(r -> assertThat(r.getTextContent().strip())
                        .matches("mvn:org\\.apache\\.camel\\.karaf/apache-camel/4\\.[0-9.]+/xml/features"));

        Element feature = children(root, "feature").stream()
                .filter(f -> "camel-wolkvox".equals(f.getAttribute("name"))).findFirst().orElseThrow();
        assertThat(feature.getAttribute("version")).isEqualTo(VERSION);
        assertThat(children(feature, "feature")).extracting(f -> f.getTextContent().strip())
                .contains("camel-core", "camel-yaml-dsl", "camel-http", "camel-jackson", "camel-csv", "camel-sql",
                        "camel-quartz", "camel-micrometer");
        assertThat(children(feature, "feature")).allSatisfy(f -> assertThat(f.getAttribute("version")).isEqualTo("[4,5)"));
        assertThat(children(feature, "bundle")).extracting(b -> b.getTextContent().strip())
                .contains(BUNDLE_URL)
                .anyMatch(b -> b.startsWith("mvn:com.zaxxer/HikariCP/"))
                .anyMatch(b -> b.startsWith("mvn:com.h2database/h2/"))
                .anyMatch(b -> b.startsWith("mvn:org.postgresql/postgresql/"));
        // The library bundles are the very versions the application runs with (its lib/ class path)
        String classPath = manifest.getValue("Class-Path");
        assertThat(children(feature, "bundle")).filteredOn(b -> "true".equals(b.getAttribute("dependency")))
                .extracting(b -> b.getTextContent().strip().split("/"))
                .allSatisfy(gav -> assertThat(classPath).as(String.join("/", gav)).contains("lib/" + gav[1] + "-" + gav[2] + ".jar"));
    }

    /** An OSGi header's clauses: package name to its attributes/directives (commas inside quotes kept). */
    private static Map<String, String> clauses(String header) {
        Map<String, String> clauses = new LinkedHashMap<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i <= header.length(); i++) {
            if (i == header.length() || (header.charAt(i) == ',' && !quoted)) {
                String clause = header.substring(start, i).strip();
                int semi = clause.indexOf(';');
                clauses.put(semi < 0 ? clause : clause.substring(0, semi), semi < 0 ? "" : clause.substring(semi + 1));
                start = i + 1;
            } else if (header.charAt(i) == '"') {
                quoted = !quoted;
            }
        }
        return clauses;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }
}
