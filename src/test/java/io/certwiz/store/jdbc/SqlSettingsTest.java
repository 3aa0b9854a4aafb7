package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.store.Settings;
import io.certwiz.store.Transaction;
import org.junit.jupiter.api.Test;

/** The settings' storage contract, on SQLite and on PostgreSQL. */
class SqlSettingsTest extends StorageContract {
    private final Settings settings = new SqlSettings();

    @Test
    void settingsAreMissingThenPutThenOverwritten() {
        assertThat(store.read((Transaction tx) -> settings.get(tx, "color"))).isEmpty();
        store.write(tx -> {
            settings.put(tx, "color", "blue");
            settings.put(tx, "size", "");
            return null;
        });
        store.write(tx -> {
            settings.put(tx, "color", "green");
            return null;
        });
        assertThat(store.read((Transaction tx) -> settings.get(tx, "color"))).contains("green");
        assertThat(store.read((Transaction tx) -> settings.get(tx, "size"))).contains("");
        assertThat(store.read((Transaction tx) -> settings.get(tx, "Color")))
                .as("names are case-sensitive")
                .isEmpty();
    }
}
