// The Microsoft.AspNetCore.App framework (the web endpoint) brings System.Diagnostics.EventLog, the Windows event log,
// which makes "EventLog" ambiguous in every file that also uses System.Diagnostics: here it always means ours.
global using EventLog = KnockSensor.Output.EventLog;
