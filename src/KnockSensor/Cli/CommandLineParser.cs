namespace KnockSensor.Cli;

/// <summary>
/// Parses the command line by hand: a handful of Suricata/Zeek-style options does not justify a dependency, and a
/// hand parser is trivially AOT-safe. Accepts <c>--opt value</c> and <c>--opt=value</c>.
/// </summary>
public static class CommandLineParser
{
    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var inputs = new List<string>();
        string? events = null;
        bool? progress = null;
        var command = (CommandKind?)null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "-h" or "--help" or "help":
                    return new CommandLineOptions { Command = CommandKind.Help };
                case "-V" or "--version":
                    return new CommandLineOptions { Command = CommandKind.Version };
                case "demo" when i == 0:
                    command = CommandKind.Demo;
                    break;
                case "-r" or "--read":
                    inputs.Add(Value(args, ref i, arg, inlineValue));
                    command ??= CommandKind.Read;
                    break;
                case "--events":
                    events = Value(args, ref i, arg, inlineValue);
                    break;
                case "--progress":
                    progress = true;
                    break;
                case "--no-progress":
                    progress = false;
                    break;
                default:
                    throw new CommandLineException(arg.StartsWith('-')
                        ? $"unknown option '{arg}'"
                        : $"unexpected argument '{arg}' (capture files are given with -r)");
            }
        }

        if (command is null)
        {
            return new CommandLineOptions { Command = CommandKind.Help };
        }

        if (command == CommandKind.Demo && inputs.Count > 0)
        {
            throw new CommandLineException("'demo' analyses the embedded sample; it takes no -r");
        }

        return new CommandLineOptions { Command = command.Value, Inputs = inputs, EventsPath = events, Progress = progress };
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string option, string? inlineValue)
    {
        if (inlineValue is not null)
        {
            return inlineValue.Length > 0 ? inlineValue : throw new CommandLineException($"option '{option}' needs a value");
        }

        if (i + 1 >= args.Count || (args[i + 1].StartsWith('-') && args[i + 1] != "-"))
        {
            throw new CommandLineException($"option '{option}' needs a value");
        }

        return args[++i];
    }
}
