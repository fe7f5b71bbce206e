System.Console.WriteLine("knocksensor");
