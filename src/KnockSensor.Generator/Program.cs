using KnockSensor.Generator;

return GeneratorCommandLine.Run(args, Console.Out, Console.Error);
