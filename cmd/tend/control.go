package main

import "github.com/spf13/cobra"

// controlCmds are the commands that record the user's own judgement.
func controlCmds(g *globals) []*cobra.Command {
	return []*cobra.Command{
		notYet("merge", "Merge two people (the same person under two addresses)"),
		notYet("split", "Split an address off into a person of its own"),
		notYet("snooze", "Snooze reminders about a person"),
		notYet("ignore", "Ignore a person or a whole domain"),
		notYet("tier", "Set how often you want to be in touch with a person"),
		notYet("note", "Keep a note about a person"),
	}
}
