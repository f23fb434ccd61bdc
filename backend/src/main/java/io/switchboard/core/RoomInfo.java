package io.switchboard.core;

/** A room's name and how many members it has right now. */
public record RoomInfo(String name, int members) {
}
