// `Fxs.PromptRender OUT_DIR`: renders the core's prompt catalogue into OUT_DIR (prompts/ja in the
// repository). Exit 0 when every prompt was written, 2 for a usage error, 1 when a tool failed.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Fxs.PromptRender OUT_DIR (the repository's prompts/ja)");
    return 2;
}
try
{
    Fxs.PromptRender.PromptRender.Run(Path.GetFullPath(args[0]), Console.WriteLine);
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
{
    Console.Error.WriteLine("Fxs.PromptRender: " + e.Message);
    return 1;
}
