package main

import "github.com/spf13/cobra"

func runCmd(g *globals) *cobra.Command {
	return notYet("run", "Run as a daemon: sync on intervals and send the digest on schedule")
}

func digestCmd(g *globals) *cobra.Command {
	return notYet("digest", "Print, write or send the reminder digest")
}
