package io.certwiz.cli;

import io.certwiz.CertwizException;
import io.certwiz.store.SharedStore;
import java.nio.file.Path;

/** {@code --store-url}, {@code --store-user}, {@code --store-password-file}: a pool's shared store. */
final class StoreOptions {
    private StoreOptions() {}

    /** The shared store named, or null for none. */
    static SharedStore shared(BaseCommand command, String url, String user, Path passwordFile) {
        if (url == null) {
            if (user != null || passwordFile != null) {
                throw CertwizException.badUsage("--store-user and --store-password-file go with --store-url");
            }
            return null;
        }
        char[] password = command.password(passwordFile);
        return new SharedStore(url, user, password == null ? null : new String(password));
    }
}
