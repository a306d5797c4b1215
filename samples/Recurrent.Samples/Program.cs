using Recurrent.Samples;

// dotnet run -c Release --project samples/Recurrent.Samples -- NAME [WORK_DIR]: runs one program of docs/LIBRARY.md.
string name = args.Length > 0 ? args[0] : "";
string workDir = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "recurrent-samples");
Directory.CreateDirectory(workDir);
string fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures");
switch (name)
{
    case "classify-series":
        ClassifySeries.Run(Console.Out, workDir);
        break;
    case "load-pytorch-lstm":
        LoadPyTorchLstm.Run(Console.Out, Path.Combine(fixtures, "torch_lstm.safetensors"),
            Path.Combine(fixtures, "torch_lstm_io.safetensors"));
        break;
    case "export-to-onnx":
        ExportToOnnx.Run(Console.Out, workDir);
        break;
    case "train-with-tape":
        TrainWithTape.Run(Console.Out);
        break;
    case "generate-text":
        GenerateText.Run(Console.Out);
        break;
    default:
        Console.Error.WriteLine("usage: Recurrent.Samples classify-series | load-pytorch-lstm | export-to-onnx | "
            + "train-with-tape | generate-text [WORK_DIR]");
        return 2;
}
return 0;
