package dev.umbra.cli;

import dev.umbra.client.UmbraClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the platform: the connection options, the client, the output stream. */
abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    UmbraClient client() {
        UmbraCli root = (UmbraCli) spec.root().userObject();
        return connection.client(root.environment(), root.home());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
