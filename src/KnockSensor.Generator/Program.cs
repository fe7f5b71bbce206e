System.Console.WriteLine("gen");
