package io.certwiz.cli;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * A command made of subcommands ({@code token}, {@code alerts}) that takes the common options before the
 * subcommand's name too: {@code certwiz token --data DIR issue} as well as {@code certwiz token issue --data DIR}.
 */
abstract class GroupCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A subcommand of a group, taking the group's common options when it has none of its own. */
    abstract static class Sub extends BaseCommand {
        @Override
        public Integer call() {
            GroupCommand group = (GroupCommand) spec.commandLine().getParent().getCommand();
            if (common.data == null) {
                common.data = group.common.data;
            }
            common.json |= group.common.json;
            return super.call();
        }
    }
}
