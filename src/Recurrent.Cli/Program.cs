Console.WriteLine("""
    recurrent: recurrent neural networks for .NET

    Usage: recurrent <command> [options]

    Commands arrive with the training and application issues (text, classify, forecast, draw, drive, export, info).
    """);
return 0;
