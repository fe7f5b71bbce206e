using KnockSensor.Evaluation;

return EvaluationCommandLine.Run(args, Console.Out, Console.Error);
