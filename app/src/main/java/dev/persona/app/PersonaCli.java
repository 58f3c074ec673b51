package dev.persona.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./persona} command line. Each subcommand lives in its own class. */
@Command(
    name = "persona",
    mixinStandardHelpOptions = true,
    version = "persona 0.1.0",
    description = "One photo of a person in, one animatable Gaussian-splat avatar out.",
    subcommands = {CommandLine.HelpCommand.class})
public final class PersonaCli implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PersonaCli()).execute(args));
  }
}
