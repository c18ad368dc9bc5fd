<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>bdl::app::ActivationView</name>
    <message>
        <source>Activations appear once the pruning curve is in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poisoned set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1: B only (no repaired model yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1: B before and B&apos; after fine-pruning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B, clean: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B, poisoned: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&apos;, clean: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&apos;, poisoned: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::CommandLineText</name>
    <message>
        <source>Clean test data (CCA): CSAW .h5, image folder or IDX.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean data for ranking channels and fine-tuning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A poisoned set and its attack target (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PATH[:TARGET]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input scale: auto (default), 1/255 or raw.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SCALE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture of a weights-only file, e.g. csaw-badnet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo zoo folder (default: the user data folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DIR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fail instead of building an absent demo zoo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed of the validation split (Liu et al.).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LibTorch threads of the worker (default: every core).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the window once the pruning curve is in, save it as PNG and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE.png</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --screenshot: the view to show: %1 (default fine-pruning).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log job times, slider latency and GUI-thread stalls to stderr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of the window: %1 (default: the one chosen in the settings, else the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CODE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 needs a whole number &gt;= 0, got &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BackdoorLab: inspect and repair backdoored neural networks (fine-pruning).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Displays this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras .h5 model under test, or zoo:ID (default zoo:patch), or a saved session (.bdlsession) to reopen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[MODEL.h5 | zoo:ID | FILE.bdlsession]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one model at most, got: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--scale must be auto, 1/255 or raw, got &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lang must be one of %1, got &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--view must be one of %1, got &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::ComparisonView</name>
    <message>
        <source>STRIP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poisoned set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP CCA %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP ASR %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&apos; CCA %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&apos; ASR %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G CCA %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G ASR %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G&apos; CCA %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G&apos; ASR %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning-aware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B0 = B fine-pruned by this many channels (the improved goodnet G&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute goodnets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores B, B&apos;, G(B, B&apos;) and G&apos;(B0, B&apos;) on the test sets; needs a repaired model B&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>k0 (channels of B0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The goodnets need a repaired model B&apos;: fine-tune first (Fine-pruning tab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a workspace, run STRIP and fine-tune to compare the defenses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No repaired model B&apos; yet: fine-tune on the Fine-pruning tab to compute the goodnets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&apos;: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ %1 · %2: the backdoor survives pruning alone: ASR %3 % at k = %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes: ASR %1 % at k = %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no: ASR %1 % at k = %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR of B pruned alone (no fine-tuning) at the k of B&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pruning-aware: ASR %1 % after pruning alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::Controller</name>
    <message>
        <source>%1 is still running; cancel it or wait</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::ExportMenu</name>
    <message>
        <source>PNG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras HDF5 weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TorchScript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Figure (PNG, PDF, SVG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data (CSV, JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repaired model &amp;B&apos; (Keras .h5, TorchScript .pt)...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Goodnet G(B, B&apos;) (TorchScript .pt)...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export B&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export G(B, B&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a repaired model B&apos; and no running job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export to %1: use .png, .pdf or .svg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No figure &apos;%1&apos; to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export %1 to %2: use .%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data &apos;%1&apos; to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No repaired model B&apos; to export yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export B&apos; to %1: use .h5 (Keras) or .pt (TorchScript)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G(B, B&apos;) needs a repaired model B&apos; first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export G(B, B&apos;) to %1: use .pt (TorchScript)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::InspectorView</name>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poisoned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or drop a PNG, JPEG or BMP file here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick from a set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an image, drop one here or pick one from a set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B: top 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&apos;: top 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No repaired model yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G(B, B&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not inspect the image (see the message above)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data set %1 in the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no image %2 (it holds %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspecting image %1 of %2...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspecting %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect an image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N: poisoned (B and B&apos; disagree)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (B and B&apos; agree)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy %1 bits over %2 superimpositions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; no threshold yet (run STRIP on the STRIP tab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; threshold %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flagged as trojaned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
label %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (label %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::JobStatusBar</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job; the previous results stay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 elapsed, about %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not started: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::JobText</name>
    <message>
        <source>Opening the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liu et al. protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the sweep&apos;s model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting B&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting G(B, B&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prune slider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuning at k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate sweep cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CCA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · ASR %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspecting the image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goodnets G and G&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring the session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::MainWindow</name>
    <message>
        <source>BackdoorLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-pruning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LR sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark plots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About BackdoorLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper protocol steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CCA heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP entropy histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP ROC curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP scores and histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slider: %1 ms from valueChanged to readout (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cached curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evaluated on the worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>job %1: %2 s, longest GUI-thread stall %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>job %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the demo zoo&apos;s %1 model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo zoo was built in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About BackdoorLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;BackdoorLab %1&lt;/b&gt;&lt;p&gt;Inspect and repair backdoored neural networks: fine-pruning (Liu et al.) and the learning-rate sweep of Ye, Bamigbade and Babushkin.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Session...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Session &amp;As...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;ttings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1[*] - BackdoorLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 no longer exists; removed from the recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: not a session (.bdlsession), a model or data file (.h5, .hdf5, .keras) or an image (PNG, JPEG, BMP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defense comparison</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::NotificationBanner</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::OpenDialog</name>
    <message>
        <source>Open a workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model under test (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo zoo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default folder (built on first use)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keras HDF5 (*.h5 *.hdf5);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recorded in the file, or csaw-badnet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default (the zoo&apos;s, else auto-detect)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto-detect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pixels / 255</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raw 0..255</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoo folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data sets (empty fields: the zoo&apos;s data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data (*.h5 *.hdf5 *.gz *.idx*);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: the clean test data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poisoned set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target (empty: from data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add poisoned set...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean test data (CCA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean data (ranking, fine-tuning)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data (*.h5 *.hdf5);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model file (Keras .h5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the clean test data: it gives the clean accuracy and the input scale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target of poisoned set %1 must be a class number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::PathField</name>
    <message>
        <source>File...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an image folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::PruneView</name>
    <message>
        <source>Paper protocol: prune one channel, fine-tune, repeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels pruned, lowest mean activation on clean data first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a workspace to prune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recompute pruning curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tune at k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the paper&apos;s protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>10 % of the layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels (steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liu et al. protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run Liu et al.&apos;s protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prune until the clean validation accuracy drops by more than this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max accuracy drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No repaired model B&apos; yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the pruning curve...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>k = %1 of %2 channels pruned (%3 %) · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;B&apos;&lt;/b&gt; (%1): %2&lt;br&gt;%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tune at k: the learning rate must be a number in (0, 10]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper protocol: the learning rate must be a number in (0, 10]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liu et al.: the learning rate must be a number in (0, 10]</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::RecentFiles</name>
    <message>
        <source>No recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::ScreenshotRunner</name>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No screenshot: %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not render the window for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not encode the screenshot as PNG for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No screenshot: unknown view &quot;%1&quot; (one of: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the workspace has no poisoned set to inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No screenshot: %1 could not start: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the controller refused it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::Session</name>
    <message>
        <source>not a BackdoorLab session (no &quot;format&quot;: &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the session has no valid format version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the session has format version %1; this BackdoorLab reads up to %2: update BackdoorLab to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected 64 hexadecimal digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damaged session: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write (disk full?): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot open: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 bytes is too large for a session file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a session file (JSON error at byte %2: %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a session file (no JSON object)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a whole number in %1..%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an unsigned whole number as a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out of range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has %1 entries, expected %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>needs the calibration and clean test sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a non-negative number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &quot;alpha&quot; or &quot;additive&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &quot;train&quot; or &quot;clean-test&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &quot;normal-fit&quot;, &quot;percentile&quot; or &quot;equal-error&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid base64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weights without the repair they belong to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::SessionManager</name>
    <message>
        <source>Nothing to save in %1: no workspace is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the session %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopening the session %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reopen the session %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>analysis.bdlsession</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BackdoorLab sessions (*.bdlsession)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BackdoorLab sessions (*.bdlsession);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the folder of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BackdoorLab did not exit normally last time. Its last analysis was saved automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore previous session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark plots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LibTorch threads of the computations; applies at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave the session after every job and on quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker &amp;threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads change at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::StripMath</name>
    <message>
        <source>normal fit (FRR %1 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>percentile (FRR %1 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>equal error (oracle)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::StripSettingsForm</name>
    <message>
        <source>STRIP settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Superimpositions per input (the STRIP paper uses 100)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alpha blend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>additive (as in the STRIP paper)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight of the input in the blend; the overlay gets 1 - alpha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clean train set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clean test set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inputs scored per test set, drawn at random with the seed (0: all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean inputs from the train set that fix the threshold (never the clean test inputs, never an overlay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean inputs the threshold may reject (false rejection rate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run STRIP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Superimpositions N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlays from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inputs per set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target FRR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normal fit at FRR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>percentile at FRR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>equal error (oracle: uses poisoned data)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::StripView</name>
    <message>
        <source>No STRIP run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the calibration set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clean inputs the threshold rule is fitted on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag the line on the histogram to move the threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy (bits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a bar of the histogram to list its inputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manual: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normal fit, FRR %1 %: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>percentile, FRR %1 %: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>equal error (oracle: uses poisoned data): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP: a job is running; run STRIP when it has finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold (bits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FRR (clean test flagged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration FRR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STRIP CCA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAR · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUROC · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No input of %1 in this bin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n input(s) of %1 in this bin; select one to see it under STRIP.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The images can be shown when the STRIP run has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is running: select the input again when it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1 #%2...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 %)
H = %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blended with overlay #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · flagged as trojaned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · passes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 #%2: entropy %3 bits, predicted %4, reference %5%6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N = %1 overlays from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>additive blend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alpha blend %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (first-convolution cache)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The input: %1 #%2; H is its mean entropy over the run&apos;s N superimpositions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::SweepView</name>
    <message>
        <source>Sweep settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rates, separated by commas (the paper&apos;s grid by default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every k: 1 .. C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels pruned: e.g. 1-10, 12, 20-60:10 (empty: every k)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs per cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a cell to make its model B&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best trade-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sweep yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR map shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CCA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worst poisoned set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No cell has ASR &lt;= %1
on every poisoned set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Highest CCA with ASR &lt;= %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lr %1, k = %2 channels pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CCA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a cell of a finished sweep can become B&apos; (and not while a job runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep: learning rates must be numbers in (0, 10] separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep: channels pruned must be increasing counts in 1..%1, e.g. 1-10, 20</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::TuneForm</name>
    <message>
        <source>Adam learning rate, e.g. 1e-3 or 0.001</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::Worker</name>
    <message>
        <source>unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::app::WorkspacePanel</name>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model under test (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repaired model (B&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo zoo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model &apos;%1&apos; of the demo zoo in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input, classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 x %2 x %3, %4 classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruned layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto-detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scale with the better clean accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample CCA, 1/255</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean accuracy with pixels / 255, on a sample of the clean test set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample CCA, raw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean accuracy with raw pixels 0..255, on a sample of the clean test set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean test (CCA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean (rank, tune)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poisoned (ASR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the clean test set (no train set given)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tune at k, run a protocol, or click a cell of a finished sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 -&gt; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B %1, pruned only %2, B&apos; %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B %1, B&apos; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CCA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::widgets::ChannelBarsPlot</name>
    <message>
        <source>channel id, in pruning order (lowest clean activation first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>poisoned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clean, pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>poisoned, pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel %1 (rank %2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clean mean %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>poisoned mean %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::widgets::DefenseBarsPlot</name>
    <message>
        <source>clean accuracy, CCA (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attack success, ASR (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CCA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 not measured</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::widgets::EntropyHistogramPlot</name>
    <message>
        <source>entropy (bits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy %1 bits (bin %2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>threshold %1 bits: entropy below it is flagged as trojaned
%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::widgets::FeatureMapGrid</name>
    <message>
        <source>mean activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel = row + column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before, clean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before, poisoned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after, clean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after, poisoned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel %1 (pruned)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1, column %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean activation %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::widgets::HeatmapPlot</name>
    <message>
        <source>channels pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channels pruned: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not computed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best trade-off</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::widgets::PlotExport</name>
    <message>
        <source>Cannot export %1: unsupported format &quot;%2&quot; (use .png, .pdf or .svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export %1: there is no plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export %1: rendering the plot produced no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the file: no file name given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::widgets::PlotStyle</name>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::widgets::PruneCurvePlot</name>
    <message>
        <source>channels pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channels pruned (% of the layer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy / attack success (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clean accuracy (CCA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attack success (ASR), %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 channels pruned (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CCA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ASR %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 channels pruned (%3): no result yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bdl::widgets::RocPlot</name>
    <message>
        <source>false rejection rate, FRR (% of clean inputs flagged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>detection rate (% of poisoned inputs flagged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (AUROC %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at the threshold
FRR %2
detection %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
FRR %2
detection %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
