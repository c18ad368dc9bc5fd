<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AutosaveStore</name>
    <message numerus="yes">
        <source>LR sweep of %n cell(s)</source>
        <translation>
            <numerusform>LR sweep of %n cell</numerusform>
            <numerusform>LR sweep of %n cells</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n comparison row(s)</source>
        <translation>
            <numerusform>%n comparison row</numerusform>
            <numerusform>%n comparison rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bdl::app::PathField</name>
    <message numerus="yes">
        <source>image folder, %n image(s)</source>
        <translation>
            <numerusform>image folder, %n image</numerusform>
            <numerusform>image folder, %n images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bdl::app::SessionManager</name>
    <message numerus="yes">
        <source>BackdoorLab did not exit normally; %n autosaved session(s) were kept: %1</source>
        <translation>
            <numerusform>BackdoorLab did not exit normally; %n autosaved session was kept: %1</numerusform>
            <numerusform>BackdoorLab did not exit normally; %n autosaved sessions were kept: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bdl::app::StageText</name>
    <message numerus="yes">
        <source>lr %1, %n channel(s)</source>
        <translation>
            <numerusform>lr %1, %n channel</numerusform>
            <numerusform>lr %1, %n channels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>re-creating the cell: %n channel(s)</source>
        <translation>
            <numerusform>re-creating the cell: %n channel</numerusform>
            <numerusform>re-creating the cell: %n channels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>B0: fine-pruning %n channel(s)</source>
        <translation>
            <numerusform>B0: fine-pruning %n channel</numerusform>
            <numerusform>B0: fine-pruning %n channels</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bdl::app::StripView</name>
    <message numerus="yes">
        <source>%n input(s) of %1 in this bin; select one to see it under STRIP.</source>
        <translation>
            <numerusform>%n input of %1 in this bin; select it to see it under STRIP.</numerusform>
            <numerusform>%n inputs of %1 in this bin; select one to see it under STRIP.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bdl::app::Worker</name>
    <message numerus="yes">
        <source>pruned %n channel(s) of %1</source>
        <translation>
            <numerusform>pruned %n channel of %1</numerusform>
            <numerusform>pruned %n channels of %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>fine-tuned %n epoch(s) at lr %1</source>
        <translation>
            <numerusform>fine-tuned %n epoch at lr %1</numerusform>
            <numerusform>fine-tuned %n epochs at lr %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bdl::app::WorkspacePanel</name>
    <message numerus="yes">
        <source>none: the %n clean test image(s) are also the train set (in-sample)</source>
        <translation>
            <numerusform>none: the %n clean test image is also the train set (in-sample)</numerusform>
            <numerusform>none: the %n clean test images are also the train set (in-sample)</numerusform>
        </translation>
    </message>
</context>
</TS>
