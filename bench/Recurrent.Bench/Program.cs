Console.WriteLine("Recurrent.Bench: cases arrive with the engine issue.");
