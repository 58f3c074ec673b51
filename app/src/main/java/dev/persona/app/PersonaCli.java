package dev.persona.app;

import dev.persona.app.jobs.JobNotFoundException;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./persona} command line. Each subcommand lives in its own class; this one wires them
 * and turns failures into one clear line on stderr and an exit code (2: bad input, 1: other
 * failures), never a stack trace unless {@code PERSONA_DEBUG=1}.
 */
@Command(
    name = "persona",
    mixinStandardHelpOptions = true,
    version = "persona 0.1.0",
    description = "One photo of a person in, one animatable Gaussian-splat avatar out.",
    subcommands = {
      DemoCommand.class,
      OnboardCommand.class,
      BatchCommand.class,
      StatusCommand.class,
      ResumeCommand.class,
      CancelCommand.class,
      EventsCommand.class,
      DevCommand.class,
      ApiCommand.class,
      WorkerCommand.class,
      BodyCommand.class,
      AvatarCommand.class,
      DatasetCommand.class,
      FitCommand.class,
      SynthCommand.class,
      EvalCommand.class,
      MotionCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PersonaCli implements Runnable {
  static final int EXIT_BAD_INPUT = 2;
  static final int EXIT_FAILURE = 1;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PersonaCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean debug = "1".equals(System.getenv("PERSONA_DEBUG"));
          if (debug) {
            e.printStackTrace(commandLine.getErr());
          }
          commandLine.getErr().println("persona: " + describe(e));
          return e instanceof InvalidInputException || e instanceof NoSuchFileException
              ? EXIT_BAD_INPUT
              : EXIT_FAILURE;
        });
    return cli;
  }

  private static String describe(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof InvalidInputException bad) {
      return bad.getMessage();
    }
    if (t instanceof PersonaRuntime.NoStackException || t instanceof JobNotFoundException) {
      return t.getMessage();
    }
    if (t instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (t instanceof IOException io) {
      return "I/O error: " + io.getMessage();
    }
    return t.getClass().getSimpleName()
        + ": "
        + t.getMessage()
        + " (run with PERSONA_DEBUG=1 for the stack trace)";
  }
}
