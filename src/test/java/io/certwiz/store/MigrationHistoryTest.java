package io.certwiz.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.store.jdbc.SqlSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stores made by the released migrations still open: the migrations as released with schema version 6
 * are kept byte for byte under {@code io/certwiz/store/released-v6}, and Flyway must find the same
 * versions, descriptions and checksums in the current migrations, however they are now laid out.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class MigrationHistoryTest {
    @Parameter
    Dialect dialect;

    private String released() {
        return "classpath:io/certwiz/store/released-v6/" + dialect.name().toLowerCase(Locale.ROOT);
    }

    private static Flyway flyway(TestDatabases.Empty database, List<String> locations) {
        return Flyway.configure()
                .dataSource(database.url(), database.user(), database.password())
                .locations(locations.toArray(String[]::new))
                .loggers("slf4j")
                .load();
    }

    /** What a database's history says was applied: version, description, script and checksum. */
    private static List<String> history(Flyway flyway) {
        return Arrays.stream(flyway.info().applied())
                .map(m -> m.getVersion() + " " + m.getDescription() + " " + m.getScript() + " " + m.getChecksum())
                .toList();
    }

    @Test
    void aStoreMadeByTheReleasedMigrationsValidatesOpensAndWorks() {
        TestDatabases.Empty database = TestDatabases.empty(dialect);
        Flyway released = flyway(database, List.of(released()));
        released.migrate();
        assertThat(released.info().applied()).hasSize(6);

        // Opening skips Flyway while the schema is current, so validate the history explicitly, as Flyway
        // does before the next migration: every applied checksum must match a current migration (the newer ones
        // are pending).
        ValidateResult result = Flyway.configure()
                .dataSource(database.url(), database.user(), database.password())
                .locations(dialect.migrationLocations().toArray(String[]::new))
                .ignoreMigrationPatterns("*:pending")
                .loggers("slf4j")
                .load()
                .validateWithResult();
        assertThat(result.validationSuccessful).as(result.getAllErrorMessages()).isTrue();

        // Opening brings it up to date (the migrations after 6), and it works.
        SqlSettings settings = new SqlSettings();
        try (SqlStore store = Database.open(database.url(), database.user(), database.password())) {
            assertThat(flyway(database, dialect.migrationLocations())
                            .info()
                            .current()
                            .getVersion()
                            .getVersion())
                    .isEqualTo(Integer.toString(Schema.CURRENT_VERSION));
            store.write(tx -> {
                settings.put(tx, "after-upgrade", "yes");
                return null;
            });
            assertThat(store.read((Transaction tx) -> settings.get(tx, "after-upgrade")))
                    .contains("yes");
        }
    }

    @Test
    void theCurrentMigrationsWriteTheHistoryTheReleasedOnesWrote() {
        TestDatabases.Empty before = TestDatabases.empty(dialect);
        Flyway released = flyway(before, List.of(released()));
        released.migrate();
        TestDatabases.Empty now = TestDatabases.empty(dialect);
        Database.open(now.url(), now.user(), now.password()).close();

        assertThat(history(flyway(now, dialect.migrationLocations())))
                .hasSize(Migrations.count(dialect))
                .startsWith(history(released).toArray(String[]::new));
    }
}
