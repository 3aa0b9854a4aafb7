package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.SharedStore;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "join",
        description = "Make this server a server of a pool: use the pool's shared store and its master key.")
final class JoinCommand extends BaseCommand {
    @Option(
            names = "--store-url",
            required = true,
            paramLabel = "JDBC-URL",
            description = "The pool's shared store, made by certwiz init --store-url.")
    String storeUrl;

    @Option(names = "--store-user", paramLabel = "USER", description = "The PostgreSQL user.")
    String storeUser;

    @Option(names = "--store-password-file", paramLabel = "FILE", description = "The PostgreSQL password, first line.")
    Path storePasswordFile;

    @Option(
            names = "--master-key-file",
            required = true,
            paramLabel = "FILE",
            description = "The pool's master key: master.key from a server of the pool (copy it securely).")
    Path masterKeyFile;

    @Option(names = "--force", description = "Replace this directory's own store (everything in it is lost).")
    boolean force;

    @Override
    public Integer call() {
        SharedStore shared = StoreOptions.shared(this, storeUrl, storeUser, storePasswordFile);
        InitService.Joined joined = InitService.join(dataDirectory(), shared, masterKey(), force);
        print(joined, () -> {
            out().println("Joined the pool on " + joined.storeUrl() + " in " + joined.dataDirectory());
            Text.field(out(), "Server FQDN", joined.identity().fqdn());
            Text.field(out(), "Pool FQDN", joined.identity().poolFqdn());
            Text.field(out(), "Embedded root CA", joined.rootThumbprint());
        });
        return 0;
    }

    private byte[] masterKey() {
        InputFiles.check(masterKeyFile, "master key file");
        return DataDirectory.readMasterKey(masterKeyFile);
    }

    @Override
    int run(Certwiz certwiz) {
        throw new UnsupportedOperationException();
    }
}
