using Fxs.Backend.Auth;
using Fxs.Backend.Hosting;
using Fxs.Backend.Records;
using Fxs.Backend.Site;

// The reference carrier backend (issue #4): composition only; each feature lives in its folder.
var builder = WebApplication.CreateBuilder(args);
builder.AddBackendTls();
builder.Services.AddBackend(builder.Configuration, builder.Environment);
builder.Services.AddBackendAuth();

var app = builder.Build();
await app.InitializeBackendAsync();

app.UseBackendExceptionHandler();
app.UseStatusCodePages();
app.UseHsts();
app.UseSecurityHeaders();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapRecords();
app.MapSite();

app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
