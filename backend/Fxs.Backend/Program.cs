using Fxs.Backend.Hosting;

// The reference carrier backend (issue #4): composition only (Hosting/BackendHost.cs); each feature lives in its folder.
var app = await BackendHost.BuildAsync(new WebApplicationOptions { Args = args });
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
